#!/usr/bin/python3
"""The peer for bench/grouping_bench: what a developer would write first in Python with Debian's packages.

jieba segments (python3-jieba), scikit-learn weighs by TF-IDF and compares by cosine (python3-sklearn), and
scikit-learn's agglomerative clustering joins by average linkage at the same threshold (distance 1 - 0.20) on the
full distance matrix. Reads the questions grouping_bench wrote, one a line; prints the time of each phase.
Usage: bench/grouping_peer.py [QUESTIONS_FILE]
"""
import sys
import time

import jieba
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_distances

THRESHOLD = 0.20

path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/openhall-grouping-questions.txt"
questions = [line.strip() for line in open(path, encoding="utf-8") if line.strip()]
jieba.setLogLevel(60)
jieba.initialize()

start = time.perf_counter()
words = [jieba.lcut(q) for q in questions]
segmented = time.perf_counter()
vectors = TfidfVectorizer(analyzer=lambda ws: ws).fit_transform(words)
distances = cosine_distances(vectors)
weighed = time.perf_counter()
labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                 distance_threshold=1 - THRESHOLD).fit_predict(distances)
joined = time.perf_counter()

sizes = {}
for label in labels:
    sizes[label] = sizes.get(label, 0) + 1
groups = [s for s in sizes.values() if s > 1]
print(f"questions {len(questions)}: segment {segmented - start:.3f} s, tf-idf and distances {weighed - segmented:.3f} s, "
      f"average linkage {joined - weighed:.3f} s, total {joined - start:.3f} s; "
      f"{len(groups)} groups holding {sum(groups)} questions")
