//! Rendering, search and loading speed. `cargo bench --bench render`; results and what they
//! mean are in BENCHMARKS.md.
#![allow(clippy::expect_used)] // A benchmark that cannot set up should stop loudly.

#[path = "support/corpus.rs"]
mod corpus;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use folio::content::load_bundled;
use folio::markdown;
use folio::search::Searcher;
use folio::theme::Theme;

fn rendering(c: &mut Criterion) {
    let theme = Theme::default();
    let one_mb = corpus::post(1, 1_000_000);
    let mut group = c.benchmark_group("render");
    group.sample_size(20);
    // What opening a post costs the reader: parse and lay out all of it, code drawn plain.
    group.bench_function("1 MB post, layout (reader)", |b| {
        b.iter(|| markdown::render_deferred(black_box(&one_mb), 96, &theme));
    });
    // Then what the first frame's highlighting adds (grammars already compiled, as after the
    // first post with code).
    let _ = markdown::render(&corpus::post(2, 2_000), 96, &theme);
    group.bench_function("1 MB post, highlight the first screen", |b| {
        b.iter_batched(
            || markdown::render_deferred(&one_mb, 96, &theme),
            |mut doc| doc.highlight_lines(0..80, &theme),
            criterion::BatchSize::LargeInput,
        );
    });
    let library = load_bundled(false);
    group.bench_function("all 24 bundled posts", |b| {
        b.iter(|| {
            for post in &library.posts {
                black_box(markdown::render_deferred(&post.body, 96, &theme));
            }
        });
    });
    group.finish();
}

fn searching(c: &mut Criterion) {
    let library = load_bundled(false);
    let searcher = Searcher::new();
    c.bench_function("search/24 posts, 'hash'", |b| {
        b.iter(|| searcher.rank(&library.posts, black_box("hash")));
    });
}

fn loading(c: &mut Criterion) {
    c.bench_function("load/24 bundled posts", |b| b.iter(|| load_bundled(false)));
}

criterion_group!(benches, rendering, searching, loading);
criterion_main!(benches);
