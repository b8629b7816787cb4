#version 330 core
// One point per vertex. The layout transition runs here: both the old and the new positions
// stay on the GPU and u_t moves each point between them, so an animated change of projection
// costs one uniform per frame instead of re-uploading every position.

layout(location = 0) in vec3 a_from;  // where the transition starts (= a_to when none)
layout(location = 1) in vec3 a_to;
layout(location = 2) in vec3 a_color; // normalised RGB bytes; unused when !u_useColors
layout(location = 3) in uint a_flags; // PointFlag bits (point_cloud.h)

uniform mat4 u_modelView;  // the model part flattens z in 2D mode
uniform mat4 u_projection;
uniform float u_t;         // transition progress 0..1, eased here
uniform float u_pointSize; // diameter in device pixels
uniform bool u_useColors;
uniform vec3 u_defaultColor;
uniform vec3 u_background;
uniform bool u_dimOthers;     // a highlight set is active: fade the rest towards the background
uniform bool u_skipFlagged;   // selected/highlighted points come in a later pass, on top
uniform vec2 u_depthRange;    // view-space distance of the scene's front and back; empty: no shading

// One output, flat: a software rasteriser stores each output's set-up per point, and with a
// million points that memory traffic, not the shading, is most of a frame. rgb: the colour,
// already shaded by depth; a: the squared radius (in point-coord units) where the selection
// ring starts, plus kNeighborRing when the ring takes the neighbour colour.
flat out vec4 v_point;

const uint SELECTED = 1u;
const uint HIGHLIGHTED = 2u;
const uint HIDDEN = 4u;
const uint NEIGHBOR = 8u;
const float kNeighborRing = 4.0; // as in points.frag

void main() {
    bool flagged = (a_flags & (SELECTED | HIGHLIGHTED | NEIGHBOR)) != 0u;
    if ((a_flags & HIDDEN) != 0u || (u_skipFlagged && flagged)) {
        // Outside the clip volume: the point is dropped before rasterisation.
        gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
        gl_PointSize = 1.0;
        return;
    }
    float t = u_t * u_t * (3.0 - 2.0 * u_t);
    vec4 eye = u_modelView * vec4(mix(a_from, a_to, t), 1.0);
    gl_Position = u_projection * eye;
    // Two depth layers: flagged points in the front 0.5% of the depth range, all others behind.
    // Selection and search matches then stay visible, correctly ordered among themselves,
    // without clearing the depth buffer between passes (which would break drawing the other
    // points over several frames).
    vec2 layer = flagged ? vec2(-0.995, 0.005) : vec2(0.005, 0.995);
    gl_Position.z = layer.x * gl_Position.w + layer.y * gl_Position.z;

    vec3 color = u_useColors ? a_color : u_defaultColor;
    float size = u_pointSize;
    bool selected = (a_flags & SELECTED) != 0u;
    bool neighbor = !selected && (a_flags & NEIGHBOR) != 0u;
    if (selected) size *= 1.8;
    else if (neighbor) size *= 1.5;
    else if ((a_flags & HIGHLIGHTED) != 0u) size *= 1.35;
    else if (u_dimOthers) {
        color = mix(color, u_background, 0.75);
        size *= 0.8;
    }
    gl_PointSize = max(size, 1.0);

    // Far points darker: the cheapest depth cue that survives overplotting.
    // An empty range (2D mode) turns depth shading off.
    float span = u_depthRange.y - u_depthRange.x;
    float depth = span > 0.0 ? clamp((-eye.z - u_depthRange.x) / span, 0.0, 1.0) : 0.0;
    float shade = 1.0 - 0.45 * depth;
    // A ring about 2 px wide, whatever the point size; 2.0: none (beyond the disc).
    float inner = max(1.0 - 4.0 / gl_PointSize, 0.0);
    float ring = selected || neighbor ? inner * inner : 2.0;
    v_point = vec4(color * shade, neighbor ? ring + kNeighborRing : ring);
}
