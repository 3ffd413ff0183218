//! Tables: collected cell by cell, then laid out to fit the width. Columns get their natural
//! width when it fits; otherwise the widest columns give up space first and their cells wrap.
//! A table never overflows: with too many columns for the width, each row is shown as a block
//! of `header: value` lines instead.

use pulldown_cmark::Alignment;

use super::wrap::{Run, StyledLine, str_width, wrap};
use crate::theme::Theme;

/// Narrowest a column is squeezed to before the table falls back to stacked rows.
const MIN_COLUMN: usize = 3;

/// Words longer than this (URLs, long identifiers) may break inside a column rather than
/// forcing the whole table into stacked rows.
const LONG_WORD: usize = 16;

pub(super) struct TableBuilder {
    alignments: Vec<Alignment>,
    header: Vec<Vec<Run>>,
    rows: Vec<Vec<Vec<Run>>>,
    current: Vec<Vec<Run>>,
}

impl TableBuilder {
    pub(super) fn new(alignments: Vec<Alignment>) -> Self {
        Self {
            alignments,
            header: Vec::new(),
            rows: Vec::new(),
            current: Vec::new(),
        }
    }

    pub(super) fn push_cell(&mut self, cell: Vec<Run>) {
        self.current.push(cell);
    }

    pub(super) fn end_row(&mut self, is_header: bool) {
        let row = std::mem::take(&mut self.current);
        if is_header {
            self.header = row;
        } else {
            self.rows.push(row);
        }
    }

    fn columns(&self) -> usize {
        self.rows
            .iter()
            .map(Vec::len)
            .chain([self.header.len(), self.alignments.len()])
            .max()
            .unwrap_or(0)
    }

    pub(super) fn layout(self, width: usize, theme: &Theme) -> Vec<StyledLine> {
        let columns = self.columns();
        if columns == 0 {
            return Vec::new();
        }
        // Borders: one per column plus one, and a space of padding each side of each cell.
        let chrome = columns * 3 + 1;
        let fitted = width.checked_sub(chrome).and_then(|available| {
            fit_columns(
                &self.natural_widths(columns),
                &self.word_widths(columns),
                available,
            )
        });
        // Columns so narrow that words would break apart read worse than rows stacked as
        // `header: value` lines.
        let Some(widths) = fitted else {
            return self.stacked(width, theme);
        };
        let mut out = vec![border(&widths, theme.symbols.table[0], theme)];
        let header_style = theme.title;
        out.extend(self.row_lines(&self.header, &widths, Some(header_style), theme));
        out.push(border(&widths, theme.symbols.table[1], theme));
        for row in &self.rows {
            out.extend(self.row_lines(row, &widths, None, theme));
        }
        out.push(border(&widths, theme.symbols.table[2], theme));
        out
    }

    fn natural_widths(&self, columns: usize) -> Vec<usize> {
        let mut widths = vec![1; columns];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (i, cell) in row.iter().enumerate() {
                let w = cell.iter().map(|(text, _)| str_width(text)).sum::<usize>();
                widths[i] = widths[i].max(w);
            }
        }
        widths
    }

    /// The narrowest each column may get without breaking a word: its longest word, up to
    /// [`LONG_WORD`] (longer words, such as URLs, break anyway).
    fn word_widths(&self, columns: usize) -> Vec<usize> {
        let mut widths = vec![MIN_COLUMN; columns];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (i, cell) in row.iter().enumerate() {
                let longest = cell
                    .iter()
                    .flat_map(|(text, _)| text.split_whitespace())
                    .map(str_width)
                    .max()
                    .unwrap_or(0);
                widths[i] = widths[i].max(longest.min(LONG_WORD));
            }
        }
        widths
    }

    fn row_lines(
        &self,
        row: &[Vec<Run>],
        widths: &[usize],
        style: Option<ratatui::style::Style>,
        theme: &Theme,
    ) -> Vec<StyledLine> {
        let empty = Vec::new();
        let cells: Vec<Vec<StyledLine>> = widths
            .iter()
            .enumerate()
            .map(|(i, &w)| {
                let cell = row.get(i).unwrap_or(&empty);
                let runs: Vec<Run> = match style {
                    Some(s) => cell
                        .iter()
                        .map(|(t, cs)| (t.clone(), s.patch(*cs)))
                        .collect(),
                    None => cell.clone(),
                };
                wrap(&runs, w)
            })
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(1);
        (0..height)
            .map(|r| {
                let mut line = StyledLine::default();
                line.push_str(theme.symbols.table_vertical, theme.rule);
                for (i, cell) in cells.iter().enumerate() {
                    let content = cell.get(r).cloned().unwrap_or_default();
                    let pad = widths[i].saturating_sub(content.width);
                    let (left, right) = match self.alignments.get(i) {
                        Some(Alignment::Right) => (pad, 0),
                        Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                        _ => (0, pad),
                    };
                    line.push_str(&" ".repeat(left + 1), theme.text);
                    for span in content.spans {
                        line.push_str(&span.content, span.style);
                    }
                    line.push_str(&" ".repeat(right + 1), theme.text);
                    line.push_str(theme.symbols.table_vertical, theme.rule);
                }
                line
            })
            .collect()
    }

    /// Too narrow for columns: each row becomes `header: value` lines, rows separated by rules.
    fn stacked(&self, width: usize, theme: &Theme) -> Vec<StyledLine> {
        let mut out = Vec::new();
        if self.rows.is_empty() {
            // A table with only a header: its cells, one a line.
            for cell in &self.header {
                let runs: Vec<Run> = cell
                    .iter()
                    .map(|(t, s)| (t.clone(), theme.title.patch(*s)))
                    .collect();
                out.extend(wrap(&runs, width));
            }
            return out;
        }
        for (r, row) in self.rows.iter().enumerate() {
            if r > 0 {
                let mut rule = StyledLine::default();
                rule.push_str(&theme.symbols.rule.repeat(width), theme.rule);
                out.push(rule);
            }
            for (i, cell) in row.iter().enumerate() {
                let mut runs: Vec<Run> = self
                    .header
                    .get(i)
                    .map(|h| {
                        h.iter()
                            .map(|(t, s)| (t.clone(), theme.title.patch(*s)))
                            .collect()
                    })
                    .unwrap_or_default();
                runs.push((": ".into(), theme.muted));
                runs.extend(cell.iter().cloned());
                out.extend(wrap(&runs, width));
            }
        }
        out
    }
}

/// Shrinks the widest columns until the total fits `available`, none below its `minimum`;
/// `None` when even the minimums do not fit.
fn fit_columns(natural: &[usize], minimum: &[usize], available: usize) -> Option<Vec<usize>> {
    let floor: Vec<usize> = natural
        .iter()
        .zip(minimum)
        .map(|(&n, &m)| n.min(m))
        .collect();
    if floor.iter().sum::<usize>() > available {
        return None;
    }
    let mut widths: Vec<usize> = natural.iter().map(|&w| w.min(available)).collect();
    let mut total: usize = widths.iter().sum();
    while total > available {
        // The widest column that can still give up space.
        let Some((widest, &w)) = widths
            .iter()
            .enumerate()
            .filter(|&(i, &w)| w > floor[i])
            .max_by_key(|&(_, w)| *w)
        else {
            break;
        };
        // Down to the next widest (or its floor) in one step, so this stays linear in width.
        let second = widths
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != widest)
            .map(|(_, &w)| w)
            .max()
            .unwrap_or(0);
        let step = w
            .saturating_sub(second.max(floor[widest]))
            .max(1)
            .min(total - available);
        widths[widest] -= step;
        total -= step;
    }
    Some(widths)
}

fn border(widths: &[usize], [left, middle, right]: [&str; 3], theme: &Theme) -> StyledLine {
    let mut text = String::from(left);
    for (i, &w) in widths.iter().enumerate() {
        if i > 0 {
            text.push_str(middle);
        }
        text.push_str(&theme.symbols.rule.repeat(w + 2));
    }
    text.push_str(right);
    let mut line = StyledLine::default();
    line.push_str(&text, theme.rule);
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_shrink_widest_first_but_not_below_their_words() {
        assert_eq!(
            fit_columns(&[5, 30, 10], &[3, 3, 3], 30),
            Some(vec![5, 15, 10])
        );
        assert_eq!(fit_columns(&[5, 6], &[3, 3], 20), Some(vec![5, 6]));
        assert_eq!(fit_columns(&[40, 40], &[3, 3], 20), Some(vec![10, 10]));
        assert_eq!(fit_columns(&[40, 40], &[12, 3], 20), Some(vec![12, 8]));
        assert_eq!(
            fit_columns(&[6, 6, 6], &[6, 6, 6], 17),
            None,
            "words would break"
        );
    }
}
