//! The Markdown renderer's output for every element it handles, at three pane widths (40, 80 and
//! 120 columns), as insta snapshots. Each snapshot's description holds the Markdown it renders;
//! every line is padded to the width and closed with `|`, so a line that overflows, or trailing
//! space, is visible in review.
#![allow(clippy::expect_used)] // Test helpers fail loudly; that is their job.

use folio::markdown::{self, line_text};
use folio::theme::Theme;
use unicode_width::UnicodeWidthStr;

/// The widths every element is rendered at: a narrow pane, a typical one, a wide one.
const WIDTHS: [usize; 3] = [40, 80, 120];

/// The rendered lines as one string, each padded to `width` and closed with `|`.
fn rendered(source: &str, width: usize) -> String {
    let rendered = markdown::render(source, width, &Theme::default());
    let mut out = String::new();
    for line in &rendered.lines {
        let text = line_text(line);
        let pad = width.saturating_sub(text.width());
        out.push_str(&text);
        out.push_str(&" ".repeat(pad));
        out.push_str("|\n");
    }
    out
}

/// One snapshot per width, named `name@width`, with the Markdown as its description.
fn snap(name: &str, source: &str) {
    for width in WIDTHS {
        insta::with_settings!({ description => source, omit_expression => true }, {
            insta::assert_snapshot!(format!("{name}@{width}"), rendered(source, width));
        });
    }
}

// ----- headings -----

#[test]
fn heading_levels() {
    snap(
        "heading_levels",
        "\
# Level one: a heading long enough to wrap when the pane is only forty columns wide

## Level two: a heading long enough to wrap when the pane is only forty columns wide

### Level three

#### Level four

##### Level five

###### Level six

Body text after the headings.
",
    );
}

#[test]
fn heading_with_attributes() {
    snap(
        "heading_with_attributes",
        "\
## A heading with an id {#custom-id}

### Another with classes {#other .note data-x=1}

Text under it.
",
    );
}

// ----- paragraphs and inline text -----

#[test]
fn paragraph_breaks() {
    snap(
        "paragraph_breaks",
        "\
A first paragraph whose lines are joined by soft breaks,
so this second source line continues the same line of output
and the whole paragraph wraps as one.

A hard break made with two trailing spaces  
starts a new line, and one made with a backslash\\
does too.

A third paragraph.
",
    );
}

#[test]
fn inline_styles() {
    snap(
        "inline_styles",
        "\
Plain, *emphasis*, _also emphasis_, **strong**, __also strong__, ***both at once***,
~~strikethrough~~, `inline code`, ``code with a ` backtick``, and **strong with *emphasis*
and `code` inside it** running long enough to wrap across lines in every pane width tested.
",
    );
}

#[test]
fn smart_punctuation() {
    snap(
        "smart_punctuation",
        "\
\"Double quotes,\" 'single quotes', it's an apostrophe, an en dash -- between 1--2, an em
dash --- in a sentence, and an ellipsis... at the end. `\"Code\" -- is left alone...`
",
    );
}

// ----- code -----

#[test]
fn fenced_code() {
    snap(
        "fenced_code",
        "\
Before the code.

```rust
fn main() {
    let message = \"a very long line of code that cannot possibly fit in a forty or eighty column pane, nor even one hundred and twenty\";
    println!(\"{message}\");
}
```

After the code.
",
    );
}

#[test]
fn indented_code() {
    snap(
        "indented_code",
        "\
A paragraph, then an indented code block:

    $ cargo build --release
    $ ./target/release/folio read consistent-hashing --width 60 --plain | less

And a paragraph after it.
",
    );
}

#[test]
fn code_with_tabs() {
    snap(
        "code_with_tabs",
        "\
```go
func main() {
\tif ok {
\t\tfmt.Println(\"two tabs\")
\t}
a\tb\tc\tcolumns after tabs
}
```
",
    );
}

// ----- lists -----

#[test]
fn nested_bullet_lists() {
    snap(
        "nested_bullet_lists",
        "\
- First level, an item long enough to wrap onto a second line with a hanging indent under the text.
  - Second level, also long enough to wrap onto another line so the hanging indent shows again.
    - Third level, with more words than fit on one line in a narrow pane of forty columns.
      - Fourth level, deeper still, wrapping as well because it keeps going and going.
        - Fifth level.
    - Back at the third level.
  - Back at the second level.
- Back at the first level.
",
    );
}

#[test]
fn ordered_list_from_seven() {
    snap(
        "ordered_list_from_seven",
        "\
7. Seven
8. Eight, an item long enough to wrap onto a second line so its hanging indent can be checked.
9. Nine
10. Ten
11. Eleven, also long enough to wrap onto a second line so its hanging indent can be checked.
12. Twelve
",
    );
}

#[test]
fn loose_and_tight_lists() {
    snap(
        "loose_and_tight_lists",
        "\
A tight list:

- one
- two
- three

A loose list:

- one

- two, with a second paragraph:

  The second paragraph of item two.

- three

1. tight ordered
2. still tight

Text after.
",
    );
}

#[test]
fn task_lists() {
    snap(
        "task_lists",
        "\
- [x] A finished task
- [ ] An open task with a description long enough to wrap onto a second line in narrow panes
- A plain bullet between tasks
  - [x] A nested finished task
  - [ ] A nested open task

1. [x] A numbered finished task
2. [ ] A numbered open task that is long enough to wrap onto the next line in narrow panes
3. A numbered item without a box
",
    );
}

// ----- quotes -----

#[test]
fn nested_quotes() {
    snap(
        "nested_quotes",
        "\
> The outer quote, with text long enough to wrap onto a second line so the bar continues down.
>
> > The middle quote, also long enough to wrap onto a second line so both bars continue down.
> >
> > > The innermost quote, three deep, long enough to wrap onto a further line in every width.
>
> Back in the outer quote, with a list:
>
> - a bullet in a quote, long enough to wrap onto a second line under its own first word
> - a second bullet
>
> 1. a numbered item in a quote
> 2. another one
",
    );
}

// ----- tables -----

#[test]
fn table_alignment() {
    snap(
        "table_alignment",
        "\
| Left | Center | Right | Default |
|:-----|:------:|------:|---------|
| a | b | c | d |
| longer left | mid | 1,234 | x |
| l | a wider centre cell | 5 | y |
",
    );
}

#[test]
fn table_wider_than_the_pane() {
    snap(
        "table_wider_than_the_pane",
        "\
| Operation | Complexity | Notes |
|-----------|:----------:|-------|
| insert | O(log n) | Rebalances the tree with rotations, which touch at most two nodes on the way back up from the leaf. |
| lookup | O(log n) | Walks from the root, comparing keys; no writes, so readers never contend with each other at all. |
| delete | O(log n) amortised over a long sequence of operations | Like insert, plus a successor swap when the node has two children. |
",
    );
}

#[test]
fn table_with_many_columns() {
    snap(
        "table_with_many_columns",
        "\
| A | B | C | D | E | F | G | H | I | J | K | L |
|---|---|---|---|---|---|---|---|---|---|---|---|
| one | two | three | four | five | six | seven | eight | nine | ten | eleven | twelve |
| 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 |
",
    );
}

#[test]
fn table_in_a_quote() {
    snap(
        "table_in_a_quote",
        "\
> A quote holding a table:
>
> | Key | Value |
> |-----|------:|
> | alpha | 1 |
> | beta, with a longer cell that may need to wrap in a narrow pane | 22 |
>
> Text after the table, still quoted.
",
    );
}

// ----- links and images -----

#[test]
fn links() {
    snap(
        "links",
        "\
An [inline link](https://example.org/inline), a [reference link][ref], a collapsed
[ref][] one, an autolink <https://example.org/auto>, an email autolink <me@example.org>, and
[a link whose text is long enough to wrap across two lines of the pane](https://example.org/a/very/long/path/that/also/wraps/in/the/link/list/at/the/end/of/the/post?query=string&more=yes).

[ref]: https://example.org/reference \"Title\"
",
    );
}

#[test]
fn images() {
    snap(
        "images",
        "\
![A diagram of the ring](https://example.org/ring.png \"The ring\")

Inline ![an icon](icon.svg) in a sentence, and a [linked ![badge](badge.svg)](https://ci.example.org).
",
    );
}

// ----- footnotes -----

#[test]
fn footnotes() {
    snap(
        "footnotes",
        "\
Text with a footnote.[^one] And another,[^long-label] used twice.[^one]

More text after.

[^one]: The first footnote's text.

[^long-label]: A footnote with two paragraphs; this first one is long enough to wrap onto another line.

    Its second paragraph, indented under the definition.
",
    );
}

// ----- rules and HTML -----

#[test]
fn horizontal_rules() {
    snap(
        "horizontal_rules",
        "\
Above.

---

Between.

***

___

Below.
",
    );
}

#[test]
fn html_as_text() {
    snap(
        "html_as_text",
        "\
<div class=\"note\">
  <p>An HTML block, shown as written.</p>
</div>

A paragraph with <kbd>Ctrl</kbd>+<kbd>C</kbd> inline HTML and a <span style=\"color: red\">styled span</span>.

<!-- a comment -->
",
    );
}

// ----- Unicode -----

#[test]
fn cjk_and_emoji() {
    snap(
        "cjk_and_emoji",
        "\
日本語のテキストは一文字が二列を占めるので、幅の計算を間違えると行がはみ出してしまいます。中文也一样，每个汉字占两列。

Emoji take two columns too: 🎉 🚀 👍🏽 👨‍👩‍👧 🇯🇵, and so do these ＦＵＬＬＷＩＤＴＨ letters.

# 見出し 🎉 heading with wide characters that wraps
",
    );
}

#[test]
fn combining_marks() {
    snap(
        "combining_marks",
        "\
Cafe\u{301} nai\u{308}ve re\u{301}sume\u{301} \u{5d1}\u{5b0}\u{5bc} Z\u{335}\u{321}a\u{338}\u{322}l\u{334}g\u{337}o\u{336} \
text with combining marks that take no columns, repeated: e\u{301}e\u{301}e\u{301}e\u{301}e\u{301} \
a\u{300}a\u{300}a\u{300} o\u{302}o\u{302}o\u{302} until the line wraps in a narrow pane.
",
    );
}

#[test]
fn very_long_word() {
    snap(
        "very_long_word",
        "\
Before: Pneumonoultramicroscopicsilicovolcanoconiosis_and_then_some_more_characters_to_exceed_one_hundred_and_twenty_columns_easily_0123456789 after.

- In a list: aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeeeeeeeeffffffffffgggggggggghhhhhhhhhhiiiiiiiiii

> In a quote: 日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語
",
    );
}

// ----- a whole post -----

#[test]
fn elements_fixture() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/posts/elements.md"
    );
    let file = std::fs::read_to_string(path).expect("fixture");
    let after_open = file.strip_prefix("+++\n").expect("front matter opens");
    let (_, body) = after_open
        .split_once("\n+++\n")
        .expect("front matter closes");
    snap("elements_fixture", body);
}
