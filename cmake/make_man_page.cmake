# Writes vecspace-cli's man page from its --help (the one source of its usage).
# cmake -DCLI=path/to/vecspace-cli -DOUT=vecspace-cli.1 -DVERSION=x.y.z -P make_man_page.cmake
execute_process(COMMAND "${CLI}" --help OUTPUT_VARIABLE help RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${CLI} --help failed (${result})")
endif()
# roff: a backslash is \e, and a line may not begin with '.' or '\''.
string(REPLACE "\\" "\\e" help "${help}")
string(REGEX REPLACE "\n([.'])" "\n\\\\&\\1" help "${help}")
string(TIMESTAMP year "%Y")
file(WRITE "${OUT}.tmp"
".TH VECSPACE-CLI 1 \"${year}\" \"vecspace ${VERSION}\" \"User Commands\"
.SH NAME
vecspace-cli \\- explore embedding files from the command line: neighbours, analogies, layouts,
clusters, comparisons and conversions
.SH SYNOPSIS
.B vecspace-cli
.I COMMAND FILE
[\\fIOPTIONS\\fR]
.SH DESCRIPTION
vecspace-cli reads word2vec (text and binary), GloVe, fastText .vec, TensorFlow Projector TSV,
NumPy .npy and language-model files (safetensors checkpoints and GGUF) and answers one command
per run. Every command takes \\fB--json\\fR for one JSON object on standard output; progress goes
to standard error unless \\fB--quiet\\fR. Exit status: 0 success, 1 bad input (the message names
the file, the line or byte offset, what was expected and what was found), 2 a usage error.
.SH USAGE
The text of \\fBvecspace-cli --help\\fR:
.PP
.nf
${help}.fi
.SH SEE ALSO
.BR vecspace (1)
and the README installed in /usr/share/doc/vecspace.
")
file(RENAME "${OUT}.tmp" "${OUT}")
