#!/usr/bin/python3
"""Generate the reference values for Vecspace's density clustering and layout quality tests:

    tests/data/reference/density_clusters.json   DBSCAN labels from sklearn.cluster.DBSCAN and
                                                 HDBSCAN labels from the reference below, on
                                                 generated 2D and 3D point sets (stored in it)
    tests/data/reference/density_layout_quality.json
                                                 k-NN preservation and label agreement of a PCA
                                                 layout of sklearn's digits (tests/data/digits)

Rerun from the repository root with Debian's Python (python3-sklearn 1.2.1, numpy 1.24,
scipy 1.10):

    /usr/bin/python3 tests/reference/make_density_reference.py

Deterministic: the point sets come from numpy.random.default_rng with fixed seeds.

Point sets.  Gaussian blobs of different sizes and spreads plus uniform noise over the blobs'
bounding box, as float32 (stored as the exact float32 values); "truth" is the blob of each
point, -1 for the uniform noise.  All distances below are computed in float64 from the float32
coordinates, squared distance = sum over the dimensions, in order, of (x_d - y_d)**2.

DBSCAN.  sklearn.cluster.DBSCAN(eps, min_samples).fit(points as float64).labels_, unchanged.
The script checks that no pairwise distance lies within 1e-9 of eps, so the "distance <= eps"
test cannot depend on rounding.

HDBSCAN.  sklearn 1.2 has no HDBSCAN and the hdbscan package is not in Debian, so the labels come
from a direct O(N^2) implementation written from the definitions (Campello, Moulavi and Sander
2013) with the hdbscan library's rules (hdbscan/_hdbscan_tree.pyx, 0.8.x), independent of the
C++ code:
  core2[i]      the min_samples-th smallest squared distance from i, i itself (0) included
  mr2[i, j]     max(core2[i], core2[j], d2[i, j])   (squared mutual reachability distance)
  MST           Kruskal over all pairs i < j in the order (mr2, i, j); this total order makes the
                tree unique, and it is the order the C++ code breaks ties by.  Checked against
                scipy: the sorted sqrt(mr2) weights equal the merge heights of
                scipy.cluster.hierarchy.linkage(squareform(sqrt(mr2)), 'single'), and the total
                equals scipy.sparse.csgraph.minimum_spanning_tree's.
  hierarchy     hdbscan's label(): edges in that order, each merging the clusters of i and j
                (left = i's, right = j's), distance sqrt(mr2)
  condensed     hdbscan's condense_tree with min_cluster_size (a side counts as a cluster when it
                has >= min_cluster_size points), lambda = 1 / distance (inf at 0)
  selection     hdbscan's compute_stability and excess of mass (get_clusters with
                allow_single_cluster=False), labels by do_labelling, probabilities by
                get_probabilities
  numbering     clusters renumbered in order of their smallest row (Vecspace's convention).

Each case also records sklearn.metrics.adjusted_rand_score(truth, labels) ("ari_vs_truth"), the
noise label -1 counting as one more cluster.

Layout quality.  Input X = digits.tsv (1,797 x 64, integers 0-16), classes from the "digit"
column of digits.metadata.tsv.  Layout = the first two principal components of X (numpy.linalg.svd
of X - mean in float64; each component signed so that its largest-magnitude entry is positive),
stored as float32.  For every row, its k nearest other rows, ties by row index:
  input, euclidean   by sqrt(sum (x - y)**2) in float64 (exact for these integers)
  input, cosine      by 1 - x.y / (|x| |y|) in float64
  layout             by the squared distance in float64 from the float32 coordinates
knn_preservation = mean over rows of |input neighbours & layout neighbours| / k;
label_agreement  = mean over rows of the share of the k layout neighbours with the row's class.
"""

import json
import os

import numpy as np
import scipy
import scipy.cluster.hierarchy
import scipy.sparse.csgraph
import scipy.spatial.distance
import sklearn
from sklearn.cluster import DBSCAN
from sklearn.metrics import adjusted_rand_score

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def blobs(seed, dims, sizes, spreads, noise):
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-10, 10, size=(len(sizes), dims))
    parts, truth = [], []
    for b, (size, spread) in enumerate(zip(sizes, spreads)):
        parts.append(centres[b] + rng.normal(0, spread, size=(size, dims)))
        truth += [b] * size
    inner = np.vstack(parts)
    lo, hi = inner.min(axis=0), inner.max(axis=0)
    parts.append(rng.uniform(lo, hi, size=(noise, dims)))
    truth += [-1] * noise
    points = np.vstack(parts).astype(np.float32)
    order = rng.permutation(len(points))  # mix the rows, so that blobs are not row ranges
    return points[order], np.array(truth)[order]


def squared_distances(x):
    x = x.astype(np.float64)
    d2 = np.zeros((len(x), len(x)))
    for d in range(x.shape[1]):
        diff = x[:, None, d] - x[None, :, d]
        d2 = d2 + diff * diff
    return d2


class UnionFind:
    def __init__(self, n):
        self.parent = list(range(n))

    def find(self, x):
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x


def spanning_tree(mr2):
    n = len(mr2)
    i, j = np.triu_indices(n, 1)
    w = mr2[i, j]
    order = np.lexsort((j, i, w))
    uf = UnionFind(n)
    edges = []
    for e in order:
        a, b = int(i[e]), int(j[e])
        ra, rb = uf.find(a), uf.find(b)
        if ra != rb:
            uf.parent[ra] = rb
            edges.append((a, b, float(w[e])))
            if len(edges) == n - 1:
                break
    return edges


def check_with_scipy(mr2, edges):
    mr = np.sqrt(mr2)
    heights = np.sort(scipy.cluster.hierarchy.linkage(
        scipy.spatial.distance.squareform(mr, checks=False), method="single")[:, 2])
    ours = np.sort(np.sqrt([w for _, _, w in edges]))
    assert np.array_equal(heights, ours), "MST weights differ from scipy's single linkage"
    total = scipy.sparse.csgraph.minimum_spanning_tree(mr).sum()
    assert abs(total - ours.sum()) <= 1e-9 * total, "MST total differs from scipy's"


def single_linkage(edges, n):
    # hdbscan's label(): union-find over 2n - 1 nodes, merge m creates node n + m.
    parent = list(range(2 * n - 1))
    size = [1] * n + [0] * (n - 1)

    def find(x):
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    hierarchy = []
    for m, (a, b, w2) in enumerate(edges):
        aa, bb = find(a), find(b)
        node = n + m
        size[node] = size[aa] + size[bb]
        hierarchy.append((aa, bb, float(np.sqrt(w2)), size[node]))
        parent[aa] = parent[bb] = node
    return hierarchy


def bfs_from_hierarchy(hierarchy, root, n):
    result, to_process = [], [root]
    while to_process:
        result.extend(to_process)
        nxt = []
        for x in to_process:
            if x >= n:
                nxt += [hierarchy[x - n][0], hierarchy[x - n][1]]
        to_process = nxt
    return result


def condense_tree(hierarchy, n, min_cluster_size):
    root = 2 * n - 2
    next_label = n + 1
    relabel = {root: n}
    ignore = set()
    out = []
    for node in bfs_from_hierarchy(hierarchy, root, n):
        if node in ignore or node < n:
            continue
        left, right, distance, _ = hierarchy[node - n]
        lam = 1.0 / distance if distance > 0 else np.inf
        lc = hierarchy[left - n][3] if left >= n else 1
        rc = hierarchy[right - n][3] if right >= n else 1
        if lc >= min_cluster_size and rc >= min_cluster_size:
            relabel[left] = next_label
            next_label += 1
            out.append((relabel[node], relabel[left], lam, lc))
            relabel[right] = next_label
            next_label += 1
            out.append((relabel[node], relabel[right], lam, rc))
        else:
            small = [s for s, c in ((left, lc), (right, rc)) if c < min_cluster_size]
            for s in small:
                for sub in bfs_from_hierarchy(hierarchy, s, n):
                    if sub < n:
                        out.append((relabel[node], sub, lam, 1))
                    ignore.add(sub)
            if lc >= min_cluster_size:
                relabel[left] = relabel[node]
            if rc >= min_cluster_size:
                relabel[right] = relabel[node]
    return out


def select_clusters(tree, n):
    clusters = sorted({p for p, _, _, _ in tree})
    birth = {c: 0.0 for c in clusters}
    for p, c, lam, size in tree:
        if c >= n:
            birth[c] = lam
    stability = {c: 0.0 for c in clusters}
    for p, c, lam, size in tree:
        stability[p] += (lam - birth[p]) * size
    children = {c: [ch for p, ch, _, _ in tree if p == c and ch >= n] for c in clusters}
    is_cluster = {c: True for c in clusters if c != n}
    best = dict(stability)
    for node in sorted(is_cluster, reverse=True):
        subtree = sum(best[ch] for ch in children[node])
        if subtree > best[node]:
            is_cluster[node] = False
            best[node] = subtree
        else:
            stack = list(children[node])
            while stack:
                sub = stack.pop()
                is_cluster[sub] = False
                stack += children[sub]
    selected = sorted(c for c, keep in is_cluster.items() if keep)
    # do_labelling: a point belongs to the selected cluster above it, if any (else noise).
    parent_of = {c: p for p, c, _, _ in tree}

    def selected_above(x):
        while x != n:
            if x in selected:
                return x
            x = parent_of[x]
        return None

    labels = np.full(n, -1)
    probabilities = np.zeros(n)
    deaths = {c: max(lam for p, _, lam, _ in tree if p == c) for c in clusters}
    for p, c, lam, _ in tree:
        if c >= n:
            continue
        s = selected_above(p)
        if s is None:
            continue
        labels[c] = selected.index(s)
        top = deaths[s]
        probabilities[c] = 1.0 if top == 0 or not np.isfinite(lam) else min(lam, top) / top
    return labels, probabilities, [stability[s] for s in selected]


def renumber(labels, stabilities):
    mapping, out, stab = {}, np.full(len(labels), -1), []
    for row, label in enumerate(labels):
        if label < 0:
            continue
        if label not in mapping:
            mapping[label] = len(mapping)
            stab.append(stabilities[label])
        out[row] = mapping[label]
    return out, stab


def hdbscan_reference(points, min_cluster_size, min_samples):
    n = len(points)
    d2 = squared_distances(points)
    core2 = np.sort(d2, axis=1)[:, min_samples - 1]
    mr2 = np.maximum(np.maximum(core2[:, None], core2[None, :]), d2)
    edges = spanning_tree(mr2)
    check_with_scipy(mr2, edges)
    tree = condense_tree(single_linkage(edges, n), n, min_cluster_size)
    labels, probabilities, stabilities = select_clusters(tree, n)
    labels, stabilities = renumber(labels, stabilities)
    return {"min_cluster_size": min_cluster_size, "min_samples": min_samples,
            "labels": labels.tolist(), "probabilities": probabilities.tolist(),
            "stabilities": stabilities,
            "mst_total": float(np.sqrt([w for _, _, w in edges]).sum())}


def dbscan_reference(points, eps, min_samples):
    distances = np.sqrt(squared_distances(points))
    assert np.min(np.abs(distances - eps)) > 1e-9, "a distance lies too close to eps"
    labels = DBSCAN(eps=eps, min_samples=min_samples).fit(points.astype(np.float64)).labels_
    return {"eps": eps, "min_samples": min_samples, "labels": labels.tolist()}


def point_set(points, truth, dbscans, hdbscans):
    result = {"dims": points.shape[1],
              "points": [[float(v) for v in row] for row in points],
              "truth": truth.tolist(),
              "dbscan": [dbscan_reference(points, e, m) for e, m in dbscans],
              "hdbscan": [hdbscan_reference(points, c, m) for c, m in hdbscans]}
    for case in result["dbscan"] + result["hdbscan"]:
        case["ari_vs_truth"] = float(adjusted_rand_score(truth, case["labels"]))
    return result


def neighbours(distances, k):
    n = len(distances)
    rows = np.arange(n)
    out = []
    for i in range(n):
        d = distances[i].copy()
        d[i] = np.inf
        out.append(np.lexsort((rows, d))[:k])
    return np.array(out)


def layout_quality():
    x = np.loadtxt(os.path.join(ROOT, "tests/data/digits/digits.tsv"), delimiter="\t")
    with open(os.path.join(ROOT, "tests/data/digits/digits.metadata.tsv")) as f:
        classes = [line.rstrip("\n").split("\t")[1] for line in f][1:]
    centred = x - x.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    axes = vt[:2]
    for a in axes:
        if a[np.argmax(np.abs(a))] < 0:
            a *= -1
    layout = (centred @ axes.T).astype(np.float32)

    euclidean = np.sqrt(squared_distances(x))
    norms = np.sqrt((x * x).sum(axis=1))
    cosine = np.maximum(0.0, 1.0 - (x @ x.T) / np.outer(norms, norms))
    low = squared_distances(layout)
    result = {"layout": [[float(v) for v in row] for row in layout], "cases": []}
    for k in (5, 10, 30):
        low_nn = neighbours(low, k)
        for metric, high in (("euclidean", euclidean), ("cosine", cosine)):
            high_nn = neighbours(high, k)
            kept = np.mean([len(set(a) & set(b)) / k for a, b in zip(high_nn, low_nn)])
            result["cases"].append({"k": k, "metric": metric, "knn_preservation": float(kept)})
        same = np.mean([[classes[j] == classes[i] for j in low_nn[i]] for i in range(len(x))])
        result["cases"].append({"k": k, "label_agreement": float(same)})
    return result


def main():
    clusters = {
        "sklearn": sklearn.__version__, "scipy": scipy.__version__, "numpy": np.__version__,
        "sets": {
            "blobs2d": point_set(*blobs(7, 2, [300, 250, 200, 150], [0.4, 0.8, 0.3, 1.2], 100),
                                 [(0.5, 5), (0.9, 15), (0.25, 4)],
                                 [(15, 15), (30, 5), (8, 1)]),
            "blobs3d": point_set(*blobs(12, 3, [250, 200, 150], [0.6, 1.0, 0.4], 80),
                                 [(0.8, 6), (1.5, 20)],
                                 [(10, 10), (25, 4)]),
        }}
    quality = {"numpy": np.__version__, **layout_quality()}
    for name, data in (("density_clusters.json", clusters),
                       ("density_layout_quality.json", quality)):
        path = os.path.join(ROOT, "tests/data/reference", name)
        with open(path, "w") as f:
            json.dump(data, f, separators=(",", ":"))
            f.write("\n")
        print("wrote", path)


if __name__ == "__main__":
    main()
