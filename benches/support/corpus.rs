//! A deterministic corpus of posts of realistic shape, for the benchmarks: front matter with a
//! title, date, summary and tags, then a body of headings, paragraphs, lists, quotes, code,
//! tables and links. The same seed gives the same bytes on every machine.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// xorshift64*: small, fast and the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "a",
    "to",
    "in",
    "is",
    "that",
    "for",
    "it",
    "as",
    "with",
    "on",
    "by",
    "kernel",
    "memory",
    "cache",
    "page",
    "table",
    "thread",
    "lock",
    "queue",
    "packet",
    "socket",
    "buffer",
    "ring",
    "hash",
    "node",
    "leader",
    "follower",
    "commit",
    "log",
    "entry",
    "vote",
    "term",
    "index",
    "region",
    "pointer",
    "barrier",
    "heap",
    "object",
    "compiler",
    "register",
    "latency",
    "throughput",
    "consistency",
    "replica",
    "shard",
    "snapshot",
    "transaction",
    "scheduler",
    "interrupt",
    "syscall",
    "allocation",
    "collector",
    "optimizer",
    "branch",
];

const TAGS: &[&str] = &[
    "os",
    "memory",
    "compilers",
    "distributed-systems",
    "security",
    "databases",
    "networking",
    "performance",
    "algorithms",
    "storage",
];

/// A sentence of `min` to `min + spread` words.
fn sentence(rng: &mut Rng, min: usize, spread: usize) -> String {
    let words = min + rng.below(spread);
    let mut out = String::new();
    for i in 0..words {
        if i > 0 {
            out.push(' ');
        }
        let word = rng.pick(WORDS);
        match rng.below(40) {
            0 => write!(out, "*{word}*"),
            1 => write!(out, "**{word}**"),
            2 => write!(out, "`{word}()`"),
            3 => write!(out, "[{word}](https://example.org/{word})"),
            _ => write!(out, "{word}"),
        }
        .ok();
    }
    out.push('.');
    out
}

fn title(rng: &mut Rng, index: usize) -> String {
    let mut words: Vec<String> = (0..3 + rng.below(6))
        .map(|_| rng.pick(WORDS).to_owned())
        .collect();
    if let Some(first) = words.first_mut() {
        *first = first[..1].to_uppercase() + &first[1..];
    }
    format!("{} {index}", words.join(" "))
}

/// One post of about `body_bytes` bytes of body.
pub fn post(index: usize, body_bytes: usize) -> String {
    let mut rng = Rng::new(index as u64 + 1);
    let title = title(&mut rng, index);
    let year = 2000 + rng.below(25);
    let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
    let tags: Vec<String> = (0..2 + rng.below(3))
        .map(|_| format!("\"{}\"", rng.pick(TAGS)))
        .collect();
    let summary = sentence(&mut rng, 20, 20).replace(['*', '`', '[', ']', '(', ')'], "");
    let mut out = format!(
        "+++\ntitle = \"{title}\"\ndate = {year}-{month:02}-{day:02}\nsummary = \"{summary}\"\ntags = [{}]\n+++\n\n",
        tags.join(", ")
    );
    let start = out.len();
    let mut section = 0;
    while out.len() - start < body_bytes {
        match rng.below(12) {
            0 => {
                section += 1;
                writeln!(out, "## Section {section}: {}\n", rng.pick(WORDS)).ok();
            }
            1 => {
                for _ in 0..3 + rng.below(4) {
                    writeln!(out, "- {}", sentence(&mut rng, 6, 10)).ok();
                }
                out.push('\n');
            }
            2 => {
                out.push_str("```rust\nfn main() {\n    let values = vec![1, 2, 3];\n    let doubled: Vec<i32> = values.iter().map(|v| v * 2).collect();\n    println!(\"{doubled:?}\");\n}\n```\n\n");
            }
            3 => {
                writeln!(out, "> {}\n", sentence(&mut rng, 25, 1)).ok();
            }
            4 => {
                out.push_str("| name | cost | notes |\n|---|---:|---|\n");
                for _ in 0..3 {
                    writeln!(
                        out,
                        "| {} | {} | {} |",
                        rng.pick(WORDS),
                        rng.below(1000),
                        sentence(&mut rng, 5, 1)
                    )
                    .ok();
                }
                out.push('\n');
            }
            _ => {
                writeln!(out, "{}\n", sentence(&mut rng, 40, 80)).ok();
            }
        }
    }
    out
}

/// Writes `count` posts of about `body_bytes` each into `dir`, in subfolders of 1,000.
pub fn write_folder(dir: &Path, count: usize, body_bytes: usize) {
    for index in 0..count {
        let sub = dir.join(format!("{:03}", index / 1000));
        std::fs::create_dir_all(&sub).expect("create a corpus folder");
        std::fs::write(
            sub.join(format!("post-{index:06}.md")),
            post(index, body_bytes),
        )
        .expect("write a post");
    }
}
