// HDBSCAN's cheap half: the single-linkage hierarchy of the spanning tree, its condensed tree,
// stabilities and the excess-of-mass selection. Follows the hdbscan library's rules
// (hdbscan/_hdbscan_tree.pyx) so that results can be compared with it.
#include "vecspace/cluster/hdbscan_tree.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace vecspace {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// scipy's linkage layout: merge m makes node points + m from nodes left[m] and right[m].
struct Dendrogram {
    std::size_t points = 0;
    std::vector<std::uint32_t> left, right, size;
    std::vector<double> distance;

    std::uint32_t sizeOf(std::uint32_t node) const {
        return node < points ? 1 : size[node - points];
    }
};

Dendrogram singleLinkage(const std::vector<SpanningEdge>& edges, std::size_t points) {
    if (points > 0 && edges.size() != points - 1)
        throw std::invalid_argument("condensed tree: " + std::to_string(points) + " points need " +
                                    std::to_string(points - 1) + " spanning tree edges, got " +
                                    std::to_string(edges.size()));
    Dendrogram d;
    d.points = points;
    std::vector<std::uint32_t> parent(points), nodeOf(points);
    for (std::size_t i = 0; i < points; ++i)
        parent[i] = nodeOf[i] = static_cast<std::uint32_t>(i);
    auto find = [&](std::uint32_t x) {
        while (parent[x] != x)
            x = parent[x] = parent[parent[x]];
        return x;
    };
    for (std::size_t m = 0; m < edges.size(); ++m) {
        const SpanningEdge& e = edges[m];
        if (e.a >= points || e.b >= points)
            throw std::invalid_argument("condensed tree: an edge names a row out of range");
        if (m > 0 && e.distance < edges[m - 1].distance)
            throw std::invalid_argument("condensed tree: edges must come sorted by distance");
        const std::uint32_t ra = find(e.a), rb = find(e.b);
        if (ra == rb) throw std::invalid_argument("condensed tree: the edges contain a cycle");
        d.left.push_back(nodeOf[ra]);
        d.right.push_back(nodeOf[rb]);
        d.size.push_back(d.sizeOf(nodeOf[ra]) + d.sizeOf(nodeOf[rb]));
        d.distance.push_back(e.distance);
        parent[ra] = rb;
        nodeOf[rb] = static_cast<std::uint32_t>(points + m);
    }
    return d;
}

// Every row under a dendrogram node, breadth first (the order hdbscan lists them in).
void rowsUnder(const Dendrogram& d, std::uint32_t node, std::vector<std::uint32_t>& queue,
               std::vector<std::uint32_t>& rows) {
    rows.clear();
    queue.assign(1, node);
    for (std::size_t i = 0; i < queue.size(); ++i) {
        const std::uint32_t x = queue[i];
        if (x < d.points) {
            rows.push_back(x);
        } else {
            queue.push_back(d.left[x - d.points]);
            queue.push_back(d.right[x - d.points]);
        }
    }
}

} // namespace

CondensedTree condenseTree(const std::vector<SpanningEdge>& mergeOrder, std::size_t points,
                           std::size_t minClusterSize) {
    if (minClusterSize < 2)
        throw std::invalid_argument("condensed tree: min cluster size must be at least 2");
    const Dendrogram d = singleLinkage(mergeOrder, points);
    CondensedTree tree;
    tree.points = points;
    tree.clusters = 1;
    if (points < 2) return tree;
    tree.edges.reserve(2 * points);
    const auto label0 = static_cast<std::uint32_t>(points);
    // (dendrogram node, its cluster) in breadth-first order; only nodes that go on as a cluster
    // are queued, the others' rows are written out at once.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> queue{
        {static_cast<std::uint32_t>(2 * points - 2), label0}};
    std::vector<std::uint32_t> scratch, rows;
    auto fallOut = [&](std::uint32_t node, std::uint32_t cluster, double lambda) {
        rowsUnder(d, node, scratch, rows);
        for (std::uint32_t row : rows)
            tree.edges.push_back({cluster, row, lambda, 1});
    };
    for (std::size_t i = 0; i < queue.size(); ++i) {
        const auto [node, cluster] = queue[i];
        const std::size_t m = node - points;
        const std::uint32_t left = d.left[m], right = d.right[m];
        const double lambda = d.distance[m] > 0 ? 1.0 / d.distance[m] : kInfinity;
        const std::uint32_t leftCount = d.sizeOf(left), rightCount = d.sizeOf(right);
        const bool leftBig = leftCount >= minClusterSize, rightBig = rightCount >= minClusterSize;
        if (leftBig && rightBig) {
            const auto leftCluster = static_cast<std::uint32_t>(points + tree.clusters++);
            tree.edges.push_back({cluster, leftCluster, lambda, leftCount});
            const auto rightCluster = static_cast<std::uint32_t>(points + tree.clusters++);
            tree.edges.push_back({cluster, rightCluster, lambda, rightCount});
            queue.emplace_back(left, leftCluster);
            queue.emplace_back(right, rightCluster);
        } else if (!leftBig && !rightBig) {
            fallOut(left, cluster, lambda);
            fallOut(right, cluster, lambda);
        } else if (!leftBig) {
            fallOut(left, cluster, lambda);
            queue.emplace_back(right, cluster);
        } else {
            fallOut(right, cluster, lambda);
            queue.emplace_back(left, cluster);
        }
    }
    return tree;
}

ClusterSelection selectClusters(const CondensedTree& tree) {
    const std::size_t points = tree.points, clusters = tree.clusters;
    ClusterSelection out;
    out.labels.assign(points, -1);
    out.probabilities.assign(points, 0.0f);
    if (clusters <= 1) return out;
    auto index = [&](std::uint32_t id) { return static_cast<std::size_t>(id - points); };

    std::vector<double> birth(clusters, 0.0), stability(clusters, 0.0), death(clusters, 0.0);
    std::vector<std::uint32_t> parentOf(clusters, 0);
    std::vector<std::vector<std::uint32_t>> children(clusters);
    for (const CondensedEdge& e : tree.edges)
        if (e.child >= points) {
            birth[index(e.child)] = e.lambda;
            parentOf[index(e.child)] = e.parent;
            children[index(e.parent)].push_back(e.child);
        }
    for (const CondensedEdge& e : tree.edges) {
        const std::size_t c = index(e.parent);
        // A cluster born at distance 0 (lambda inf) whose points leave at inf adds nothing,
        // rather than inf - inf.
        if (e.lambda != birth[c]) stability[c] += (e.lambda - birth[c]) * e.childSize;
        death[c] = std::max(death[c], e.lambda);
    }

    // Excess of mass, leaves first: ids grow away from the root, so descending order visits
    // children before parents. keep[c]: c is better than the best of its subtree.
    std::vector<double> best = stability;
    std::vector<char> keep(clusters, 0);
    for (std::size_t c = clusters; c-- > 1;) {
        double sum = 0;
        for (std::uint32_t child : children[c])
            sum += best[index(child)];
        if (!children[c].empty() && sum > stability[c])
            best[c] = sum;
        else
            keep[c] = 1;
    }
    // A cluster is selected when it keeps itself and no ancestor does; the root never is.
    // selectedAbove[c]: the selected cluster at or above c, or 0 (none).
    std::vector<std::uint32_t> selectedAbove(clusters, 0);
    for (std::size_t c = 1; c < clusters; ++c) {
        const std::uint32_t up = selectedAbove[index(parentOf[c])];
        selectedAbove[c] = up != 0 ? up : keep[c] ? static_cast<std::uint32_t>(c) : 0;
        if (up == 0 && keep[c]) out.clusters.push_back(static_cast<std::uint32_t>(points + c));
    }
    std::vector<std::int32_t> labelOf(clusters, -1);
    for (std::size_t i = 0; i < out.clusters.size(); ++i) {
        labelOf[index(out.clusters[i])] = static_cast<std::int32_t>(i);
        out.stabilities.push_back(stability[index(out.clusters[i])]);
    }
    for (const CondensedEdge& e : tree.edges) {
        if (e.child >= points) continue;
        const std::uint32_t selected = selectedAbove[index(e.parent)];
        if (selected == 0) continue;
        out.labels[e.child] = labelOf[selected];
        // hdbscan's membership strength: the point's lambda against the largest lambda at which
        // anything leaves its selected cluster directly.
        const double top = death[selected];
        out.probabilities[e.child] = top == 0 || !std::isfinite(e.lambda)
                                         ? 1.0f
                                         : static_cast<float>(std::min(e.lambda, top) / top);
    }
    return out;
}

} // namespace vecspace
