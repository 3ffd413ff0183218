//! Tables: collected cell by cell, then laid out to fit the width. Columns get their natural
//! width when it fits; otherwise the widest columns give up space first and their cells wrap.
//! A table never overflows: with too many columns for the width, each row is shown as a block
//! of `header: value` lines instead.

use pulldown_cmark::Alignment;

use super::wrap::{Run, StyledLine, str_width, wrap};
use crate::theme::Theme;

/// Narrowest a column is squeezed to before the table falls back to stacked rows.
const MIN_COLUMN: usize = 3;

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
        if width < chrome + columns * MIN_COLUMN {
            return self.stacked(width, theme);
        }
        let widths = fit_columns(&self.natural_widths(columns), width - chrome);
        let mut out = vec![border(&widths, ['┌', '┬', '┐'], theme)];
        let header_style = theme.title;
        out.extend(self.row_lines(&self.header, &widths, Some(header_style), theme));
        out.push(border(&widths, ['├', '┼', '┤'], theme));
        for row in &self.rows {
            out.extend(self.row_lines(row, &widths, None, theme));
        }
        out.push(border(&widths, ['└', '┴', '┘'], theme));
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
                line.push_str("│", theme.rule);
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
                    line.push_str("│", theme.rule);
                }
                line
            })
            .collect()
    }

    /// Too narrow for columns: each row becomes `header: value` lines, rows separated by rules.
    fn stacked(&self, width: usize, theme: &Theme) -> Vec<StyledLine> {
        let mut out = Vec::new();
        for (r, row) in self.rows.iter().enumerate() {
            if r > 0 {
                let mut rule = StyledLine::default();
                rule.push_str(&"╌".repeat(width), theme.rule);
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

/// Shrinks the widest columns until the total fits `available`, never below [`MIN_COLUMN`]
/// (the caller guarantees that minimum fits).
fn fit_columns(natural: &[usize], available: usize) -> Vec<usize> {
    let mut widths: Vec<usize> = natural.iter().map(|&w| w.min(available)).collect();
    let mut total: usize = widths.iter().sum();
    while total > available {
        let Some((widest, &w)) = widths.iter().enumerate().max_by_key(|&(_, w)| *w) else {
            break;
        };
        if w <= MIN_COLUMN {
            break;
        }
        // Take from the widest down to the second widest in one step, to stay linear in width.
        let second = widths
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != widest)
            .map(|(_, &w)| w)
            .max()
            .unwrap_or(0);
        let step = (w - second.max(MIN_COLUMN)).max(1).min(total - available);
        widths[widest] -= step;
        total -= step;
    }
    widths
}

fn border(widths: &[usize], [left, middle, right]: [char; 3], theme: &Theme) -> StyledLine {
    let mut text = String::new();
    text.push(left);
    for (i, &w) in widths.iter().enumerate() {
        if i > 0 {
            text.push(middle);
        }
        text.extend(std::iter::repeat_n('─', w + 2));
    }
    text.push(right);
    let mut line = StyledLine::default();
    line.push_str(&text, theme.rule);
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_shrink_widest_first() {
        assert_eq!(fit_columns(&[5, 30, 10], 30), vec![5, 15, 10]);
        assert_eq!(fit_columns(&[5, 6], 20), vec![5, 6]);
        assert_eq!(fit_columns(&[40, 40], 20), vec![10, 10]);
    }
}
