// Our GGUF reader against an independent one: tests/data/llm/gguf_headers.json is what the npm
// package @huggingface/gguf (JavaScript, written by others; tests/reference/node/check_gguf.mjs)
// reads from each test file: version, counts, the data offset, every metadata key with its type
// and value (arrays: element type, length, first five items), every tensor's shape, type and
// offset.
#include "io/gguf_reader.h"
#include "test_support.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <fstream>
#include <sstream>

using namespace vecspace;

namespace {

// GGUF's value type ids by the names the JavaScript reader prints.
int typeId(const QString& name) {
    static const QStringList names{"u8",   "i8",     "u16",   "i16", "u32", "i32", "f32",
                                   "bool", "string", "array", "u64", "i64", "f64"};
    return int(names.indexOf(name));
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

} // namespace

class TestGgufHeaders : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void matchesIndependentReader_data();
    void matchesIndependentReader();

private:
    QJsonObject m_files;
};

void TestGgufHeaders::initTestCase() {
    QFile file(QString::fromStdString(testsupport::dataPath("llm/gguf_headers.json")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    QVERIFY(json["reader"].toString().startsWith("@huggingface/gguf"));
    m_files = json["files"].toObject();
    QVERIFY(m_files.size() >= 13);
}

void TestGgufHeaders::matchesIndependentReader_data() {
    QTest::addColumn<QString>("name");
    for (auto it = m_files.begin(); it != m_files.end(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key();
}

void TestGgufHeaders::matchesIndependentReader() {
    QFETCH(QString, name);
    const QJsonObject want = m_files[name].toObject();
    const std::string path = testsupport::dataPath(("llm/" + name).toUtf8().constData());
    const std::string bytes = readFile(path);
    const GgufFile file = parseGguf(bytes, path);
    QCOMPARE(int(file.version), want["version"].toInt());
    QCOMPARE(qsizetype(file.tensors.size()), qsizetype(want["tensor_count"].toInt()));
    QCOMPARE(qsizetype(file.metadata.size()), qsizetype(want["kv_count"].toInt()));
    QCOMPARE(qint64(file.dataStart), want["tensor_data_offset"].toInteger());

    const QJsonArray metadata = want["metadata"].toArray();
    for (qsizetype i = 0; i < metadata.size(); ++i) {
        const QJsonObject kv = metadata[i].toObject();
        const auto& [key, value] = file.metadata[std::size_t(i)];
        QCOMPARE(QString::fromStdString(key), kv["key"].toString());
        QCOMPARE(int(value.type), typeId(kv["type"].toString()));
        if (value.isArray()) {
            QCOMPARE(int(value.elementType), typeId(kv["item_type"].toString()));
            QCOMPARE(qint64(value.count), kv["length"].toInteger());
            const QJsonArray first = kv["first5"].toArray();
            for (qsizetype j = 0; j < first.size(); ++j) {
                if (value.elementType == 8)
                    QCOMPARE(QString::fromStdString(value.strings[std::size_t(j)]),
                             first[j].toString());
                else
                    QCOMPARE(value.numbers[std::size_t(j)], first[j].toDouble());
            }
        } else if (value.isString()) {
            QCOMPARE(QString::fromStdString(value.text), kv["value"].toString());
        } else if (kv["value"].isBool()) {
            QCOMPARE(value.number != 0, kv["value"].toBool());
        } else {
            QCOMPARE(value.number, kv["value"].toDouble());
        }
    }
    const QJsonArray tensors = want["tensors"].toArray();
    for (qsizetype i = 0; i < tensors.size(); ++i) {
        const QJsonObject t = tensors[i].toObject();
        const GgufTensor& ours = file.tensors[std::size_t(i)];
        QCOMPARE(QString::fromStdString(ours.name), t["name"].toString());
        QCOMPARE(int(ours.type), t["dtype"].toInt());
        QCOMPARE(qint64(ours.offset - file.dataStart), t["offset"].toInteger());
        std::vector<std::uint64_t> shape;
        for (const QJsonValue& d : t["shape"].toArray())
            shape.push_back(std::uint64_t(d.toInteger()));
        QCOMPARE(ours.ne, shape);
    }
}

QTEST_GUILESS_MAIN(TestGgufHeaders)
#include "test_gguf_headers.moc"
