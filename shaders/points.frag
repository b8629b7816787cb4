#version 330 core
// Round sprites lit as little spheres: the square point is cut to a disc, and a normal made up
// from the point coordinate gives each disc a highlight, so dense clusters read as volumes.

flat in vec4 v_point; // rgb: the shaded colour; a: where the ring starts (points.vert)

uniform vec3 u_outlineColor;  // ring around selected points
uniform vec3 u_neighborColor; // ring around the selection's neighbours

out vec4 fragColor;

const float kNeighborRing = 4.0; // as in points.vert
const vec3 kLight = vec3(-0.38, 0.48, 0.79); // upper left, towards the viewer (unit length)

void main() {
    vec2 p = gl_PointCoord * 2.0 - 1.0;
    float r2 = dot(p, p);
    if (r2 > 1.0) discard;
    bool neighbor = v_point.a >= kNeighborRing;
    if (r2 >= v_point.a - (neighbor ? kNeighborRing : 0.0)) {
        fragColor = vec4(neighbor ? u_neighborColor : u_outlineColor, 1.0);
        return;
    }
    vec3 normal = vec3(p.x, -p.y, sqrt(1.0 - r2));
    float diffuse = max(dot(normal, kLight), 0.0);
    // Blinn-Phong with the half vector fixed (viewer on +z); x^16 by squaring, cheaper than pow
    // on a software rasteriser.
    float specular = max(dot(normal, normalize(kLight + vec3(0.0, 0.0, 1.0))), 0.0);
    specular *= specular;
    specular *= specular;
    specular *= specular;
    specular *= specular;
    vec3 color = v_point.rgb * (0.55 + 0.45 * diffuse) + vec3(0.18 * specular);
    fragColor = vec4(color, 1.0);
}
