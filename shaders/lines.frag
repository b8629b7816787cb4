#version 330 core
// Flat colour; the alpha blends crossing lines so that dense bundles read as denser.

in vec4 v_color;
out vec4 fragColor;

void main() {
    fragColor = v_color;
}
