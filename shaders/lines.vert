#version 330 core
// One instance per segment. Lines wider than a pixel are four vertices each (a triangle strip):
// the ends are projected here and the strip widened in screen space, so lines keep their width
// in pixels at any zoom and in every OpenGL profile (core profiles refuse glLineWidth above 1).
// One-pixel lines are GL_LINES, two vertices each, which rasterisers draw far faster than thin
// triangles (llvmpipe bins a long thin triangle into every tile it crosses).

layout(location = 0) in vec3 a_from;
layout(location = 1) in vec3 a_to;
layout(location = 2) in vec4 a_color; // normalised RGBA bytes

uniform mat4 u_modelView;
uniform mat4 u_projection;
uniform vec2 u_viewport; // pixels
uniform float u_width;   // pixels
uniform bool u_thin;     // GL_LINES, two vertices per instance: no widening needed

out vec4 v_color;

void main() {
    vec4 p0 = u_projection * u_modelView * vec4(a_from, 1.0);
    vec4 p1 = u_projection * u_modelView * vec4(a_to, 1.0);
    if (p0.w <= 0.0 || p1.w <= 0.0) {
        // An end behind the camera: the segment is left out, as the painted layer does.
        gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
        v_color = vec4(0.0);
        return;
    }
    if (u_thin) {
        gl_Position = gl_VertexID == 0 ? p0 : p1;
        v_color = a_color;
        return;
    }
    vec2 s0 = p0.xy / p0.w * 0.5 * u_viewport;
    vec2 s1 = p1.xy / p1.w * 0.5 * u_viewport;
    vec2 d = s1 - s0;
    float len = length(d);
    vec2 normal = len > 1e-4 ? vec2(-d.y, d.x) / len : vec2(0.0, 1.0);
    bool atTo = gl_VertexID >= 2;
    float side = (gl_VertexID & 1) == 0 ? -1.0 : 1.0;
    vec4 p = atTo ? p1 : p0;
    vec2 offset = normal * side * 0.5 * u_width / (0.5 * u_viewport);
    gl_Position = vec4(p.xy + offset * p.w, p.z, p.w);
    v_color = a_color;
}
