//! The one reader of the hand-edited tables of `data/`: tab-separated text
//! compiled in with `include_str!`, in; rows of `&'static str` fields, out.
//!
//! The format of every table: UTF-8, one row a line, fields separated by
//! tabs, no quoting (a `"` is an ordinary character), lines starting with `#`
//! are comments (anywhere), blank lines are skipped, and the first other line
//! is the header naming the columns. A list (`*.txt`) is the same without a
//! header: one entry a line.
//!
//! The tables are compiled in, so a malformed one is a build defect, not bad
//! input: a wrong header, a row with too few or too many fields, or a field a
//! loader cannot read panics with the file name and line, and the first test
//! that touches the table fails. Nothing here reads files.

use std::fmt::Display;
use std::str::FromStr;

/// One table of `data/`: its rows in file order.
#[derive(Debug)]
pub struct Table {
    /// The file name for messages (`data/extract/topics.tsv`).
    pub file: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<Row>,
}

/// One row of a [`Table`]: fields borrowed from the compiled-in text.
#[derive(Debug)]
pub struct Row {
    pub file: &'static str,
    /// 1-based line of the row in its file.
    pub line: u64,
    columns: &'static [&'static str],
    fields: Vec<&'static str>,
}

impl Row {
    /// The field of `column` (a name of the table's header), as written.
    ///
    /// # Panics
    /// If the table has no such column: a bug in the loader.
    pub fn get(&self, column: &str) -> &'static str {
        match self.columns.iter().position(|c| *c == column) {
            Some(i) => self.fields[i],
            None => panic!("{}: no column {column:?} (columns: {:?})", self.file, self.columns),
        }
    }

    /// The field of `column` read with [`FromStr`].
    ///
    /// # Panics
    /// With the file and line, if the field does not parse.
    pub fn parse<T: FromStr>(&self, column: &str) -> T
    where
        T::Err: Display,
    {
        let field = self.get(column);
        field.parse().unwrap_or_else(|e| self.fail(format_args!("{column} {field:?}: {e}")))
    }

    /// Panics with the row's file and line: for a field a loader cannot use.
    pub fn fail(&self, message: impl Display) -> ! {
        panic!("{} line {}: {message}", self.file, self.line)
    }
}

/// Reads `text` (the contents of `file`), whose header must name exactly `columns`.
///
/// # Panics
/// With the file and line, on a wrong header or a row whose field count is not
/// the header's.
pub fn parse(file: &'static str, text: &'static str, columns: &'static [&'static str]) -> Table {
    let mut records = records(file, text);
    let Some((line, header)) = records.next() else { panic!("{file}: no header line") };
    if header != columns {
        panic!("{file} line {line}: header {header:?}, expected {columns:?}");
    }
    let rows = records
        .map(|(line, fields)| {
            if fields.len() != columns.len() {
                panic!("{file} line {line}: {} fields, expected {} ({columns:?})", fields.len(), columns.len());
            }
            Row { file, line, columns, fields }
        })
        .collect();
    Table { file, columns, rows }
}

/// Reads a list: one entry a line (trimmed), no header, `#` comments.
///
/// # Panics
/// With the file and line, on a line holding a tab.
pub fn list(file: &'static str, text: &'static str) -> Vec<&'static str> {
    records(file, text)
        .map(|(line, fields)| match fields.as_slice() {
            [entry] => entry.trim(),
            _ => panic!("{file} line {line}: a list takes one entry a line"),
        })
        .filter(|entry| !entry.is_empty())
        .collect()
}

/// The records of `text` in order, each with its line and its fields as slices of `text`.
fn records(file: &'static str, text: &'static str) -> impl Iterator<Item = (u64, Vec<&'static str>)> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quoting(false)
        .comment(Some(b'#'))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::ByteRecord::new();
    std::iter::from_fn(move || {
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(false) => return None,
                Ok(true) => {}
                Err(e) => panic!("{file}: {e}"),
            }
            // csv marks a record where its reader stood before it, that is before
            // the comments and empty lines it skipped: step over those.
            let position = record.position().expect("a record read from text has a position");
            let (mut at, mut line) = (position.byte() as usize, position.line());
            while let Some(rest) = text.get(at..)
                && (rest.starts_with('#') || rest.starts_with('\n') || rest.starts_with("\r\n"))
            {
                at += rest.find('\n').map_or(rest.len(), |i| i + 1);
                line += 1;
            }
            // Without quoting a field is its text as written: slice it out of `text`.
            let fields: Vec<&'static str> = record
                .iter()
                .map(|f| {
                    let field = &text[at..at + f.len()];
                    assert_eq!(field.as_bytes(), f, "{file} line {line}: field out of place");
                    at += f.len() + 1;
                    field
                })
                .collect();
            // A line of spaces only is blank.
            if fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            return Some((line, fields));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "# A comment.\n# Another.\nword\tsector\nalpha\tGOV\n\n# inside\n\nbeta \"b\"\tDIP\n";

    #[test]
    fn reads_rows_after_comments_and_header() {
        let t = parse("t.tsv", TABLE, &["word", "sector"]);
        let rows: Vec<(u64, &str, &str)> = t.rows.iter().map(|r| (r.line, r.get("word"), r.get("sector"))).collect();
        assert_eq!(rows, [(4, "alpha", "GOV"), (8, "beta \"b\"", "DIP")]);
    }

    #[test]
    #[should_panic(expected = "t.tsv line 3: 1 fields, expected 2")]
    fn a_short_row_names_its_line() {
        parse("t.tsv", "word\tsector\nalpha\tGOV\nbeta\n", &["word", "sector"]);
    }

    #[test]
    #[should_panic(expected = "t.tsv line 1: header")]
    fn a_wrong_header_names_its_line() {
        parse("t.tsv", "word\tkind\nalpha\tGOV\n", &["word", "sector"]);
    }

    #[test]
    #[should_panic(expected = "t.tsv line 2: sector \"XXX\"")]
    fn a_bad_field_names_its_line() {
        let t = parse("t.tsv", "word\tsector\nalpha\tXXX\n", &["word", "sector"]);
        let _: crate::kinds::Sector = t.rows[0].parse("sector");
    }

    #[test]
    fn reads_lists() {
        assert_eq!(list("l.txt", "# c\nMr\n  Dr \n\nU.S\n"), ["Mr", "Dr", "U.S"]);
    }
}
