//! A list of participants as planners get it: rows pasted from Excel (tab-separated) or read from
//! a CSV/XLSX file, columns matched by a Dutch or English header or taken by position, and each
//! row validated exactly like a typed participant.

use super::issues::FieldIssue;
use super::model::Person;
use crate::i18n::Lang;

/// More rows than this are refused (a whole HR export is not one enrolment).
pub const MAX_ROWS: usize = 1_000;
/// Cells longer than this are cut (a stray paragraph must not grow the form without bound).
const MAX_CELL_CHARS: usize = 200;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// First name.
    Voornaam,
    /// Initials.
    Voorletters,
    /// Name prefix (`van der`).
    Tussenvoegsels,
    /// Surname.
    Achternaam,
    /// E-mail address.
    Email,
    /// Phone number.
    Telefoon,
    /// Birth date.
    Geboortedatum,
    /// Gender.
    Geslacht,
    /// A column we do not use (department, employee number, …).
    Ignore,
}

/// The order assumed when there is no header row.
pub const BY_POSITION: [Column; 6] = [
    Column::Voornaam,
    Column::Tussenvoegsels,
    Column::Achternaam,
    Column::Email,
    Column::Telefoon,
    Column::Geboortedatum,
];

impl Column {
    /// The column a header cell names, in Dutch or English; `None` for an unknown header.
    pub fn from_header(cell: &str) -> Option<Column> {
        let h: String = cell
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        let column = match h.as_str() {
            "voornaam" | "roepnaam" | "firstname" | "givenname" | "forename" | "first" => {
                Column::Voornaam
            }
            "voorletters" | "initialen" | "initials" => Column::Voorletters,
            "tussenvoegsel" | "tussenvoegsels" | "prefix" | "infix" | "nameprefix" => {
                Column::Tussenvoegsels
            }
            "achternaam" | "familienaam" | "lastname" | "surname" | "familyname" | "last" => {
                Column::Achternaam
            }
            "email" | "emailadres" | "mail" | "emailaddress" | "mailadres" | "email1" => {
                Column::Email
            }
            "telefoon" | "telefoonnummer" | "tel" | "mobiel" | "mobielnummer" | "phone"
            | "phonenumber" | "telephone" | "mobile" | "tel1" => Column::Telefoon,
            "geboortedatum" | "geboren" | "dateofbirth" | "birthdate" | "birthday" | "dob" => {
                Column::Geboortedatum
            }
            "geslacht" | "gender" | "sex" => Column::Geslacht,
            _ => return None,
        };
        Some(column)
    }

    /// The i18n key of the column's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Column::Voornaam => "wiz.p.voornaam",
            Column::Voorletters => "wiz.p.voorletters",
            Column::Tussenvoegsels => "wiz.p.tussenvoegsels",
            Column::Achternaam => "wiz.p.achternaam",
            Column::Email => "wiz.p.email",
            Column::Telefoon => "wiz.p.phone",
            Column::Geboortedatum => "wiz.p.birth",
            Column::Geslacht => "plist.col.gender",
            Column::Ignore => "plist.col.ignored",
        }
    }

    fn set(self, p: &mut Person, value: String) {
        let slot = match self {
            Column::Voornaam => &mut p.voornaam,
            Column::Voorletters => &mut p.voorletters,
            Column::Tussenvoegsels => &mut p.tussenvoegsels,
            Column::Achternaam => &mut p.achternaam,
            Column::Email => &mut p.emailadres,
            Column::Telefoon => &mut p.telefoonnummer,
            Column::Geboortedatum => &mut p.geboorte_datum,
            Column::Geslacht => &mut p.geslacht,
            Column::Ignore => return,
        };
        *slot = value;
    }
}

/// One row of the list with what is wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct ListRow {
    /// The row number as the user sees it in Excel (1-based, header included).
    pub line: usize,
    /// The person the row describes, as read (trimmed, bounded).
    pub person: Person,
    /// Validation issues, paths relative to the row (`voornaam`, `emailadres`, …).
    pub issues: Vec<FieldIssue>,
}

impl ListRow {
    /// True when the row has an error (warnings do not block).
    pub fn has_error(&self) -> bool {
        self.issues.iter().any(FieldIssue::is_error)
    }

    /// "E-mailadres: not a valid address; …" in `lang`.
    pub fn reasons(&self, lang: Lang) -> String {
        self.issues
            .iter()
            .map(|i| {
                let field = i.field.rsplit('.').next().unwrap_or_default();
                match field_column(field) {
                    Some(c) => format!(
                        "{}: {}",
                        crate::i18n::text(lang, c.label_key()),
                        i.code.message(lang)
                    ),
                    None => i.code.message(lang),
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

fn field_column(field: &str) -> Option<Column> {
    Some(match field {
        "voornaam" => Column::Voornaam,
        "voorletters" => Column::Voorletters,
        "tussenvoegsels" => Column::Tussenvoegsels,
        "achternaam" => Column::Achternaam,
        "emailadres" => Column::Email,
        "telefoonnummer" => Column::Telefoon,
        "geboorteDatum" => Column::Geboortedatum,
        _ => return None,
    })
}

/// A list read and interpreted, ready for the preview.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedList {
    /// The first row was taken as a header.
    pub has_header: bool,
    /// What each column was taken to hold, in file order.
    pub columns: Vec<Column>,
    /// The data rows (the header excluded).
    pub rows: Vec<ListRow>,
    /// Rows beyond [`MAX_ROWS`] that were left out.
    pub dropped: usize,
}

impl ParsedList {
    /// Rows with an error.
    pub fn bad_rows(&self) -> usize {
        self.rows.iter().filter(|r| r.has_error()).count()
    }
}

fn clean(cell: &str) -> String {
    let cell = cell.trim().trim_start_matches('\u{feff}').trim();
    let cell = match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => cell.to_string(),
    };
    let cell: String = cell.split_whitespace().collect::<Vec<_>>().join(" ");
    cell.chars().take(MAX_CELL_CHARS).collect()
}

/// One row of a participants table with its number as the spreadsheet shows it (1-based, the
/// header and blank rows counted).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SheetRow {
    /// The row number in Excel (or the line of a pasted text).
    pub line: usize,
    /// The row's cells, cleaned (trimmed, bounded).
    pub cells: Vec<String>,
}

impl SheetRow {
    /// A row from its line number and raw cells (cleaned here).
    pub fn new<'a>(line: usize, cells: impl IntoIterator<Item = &'a str>) -> SheetRow {
        SheetRow {
            line,
            cells: cells.into_iter().map(clean).collect(),
        }
    }

    /// True when no cell holds anything.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(String::is_empty)
    }
}

/// Splits text pasted from Excel: one row per line, cells separated by tabs, a quoted cell may
/// hold line breaks; empty lines skipped (but counted in the line numbers).
pub fn split_pasted(text: &str) -> Vec<SheetRow> {
    // Excel copies tab-separated rows and quotes a cell that holds a line break, a tab or a
    // quote ("Anna\nMaria"): the same reading as a tab-separated file.
    split_delimited(text, b'\t', usize::MAX)
}

/// Reads CSV text as Dutch Excel writes it (`;`), or with `,` or tabs: the delimiter that occurs
/// most in the first line holding any of them wins (`;` on a tie). Each row keeps the number Excel shows for it: blank
/// lines count, a quoted cell spanning lines is one row.
pub fn split_csv(text: &str) -> Vec<SheetRow> {
    let text = text.trim_start_matches('\u{feff}');
    // The first of the first 20 lines that holds any of them decides; `;` when none does.
    let delimiter = text
        .lines()
        .take(20)
        .find_map(|line| {
            let count = |d: u8| line.bytes().filter(|&b| b == d).count();
            [b';', b',', b'\t']
                .into_iter()
                .filter(|&d| count(d) > 0)
                .max_by_key(|&d| (count(d), d == b';'))
        })
        .unwrap_or(b';');
    split_delimited(text, delimiter, MAX_ROWS + 2)
}

/// The rows of delimited text (at most `cap`), each with the row number Excel shows for it
/// (blank lines count, a quoted cell spanning lines is one row).
fn split_delimited(text: &str, delimiter: u8, cap: usize) -> Vec<SheetRow> {
    let mut out = Vec::new();
    for (i, record) in csv_records(text, delimiter).enumerate() {
        if out.len() >= cap {
            break;
        }
        if record.trim().is_empty() {
            continue;
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(record.as_bytes());
        let mut cells = csv::StringRecord::new();
        if reader.read_record(&mut cells).unwrap_or(false) {
            let row = SheetRow::new(i + 1, cells.iter());
            if !row.is_blank() {
                out.push(row);
            }
        }
    }
    out
}

/// The records of CSV text (one per spreadsheet row, a blank line included), split where the
/// csv reader would end them: at a line break (`\r\n`, `\n` or `\r`) outside quotes. A quote
/// opens quoting only at the start of a cell, as in the csv reader.
fn csv_records(text: &str, delimiter: u8) -> impl Iterator<Item = &str> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        CellStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    let mut state = State::CellStart;
    std::iter::from_fn(move || {
        if start > bytes.len() || (start == bytes.len() && start > 0) {
            return None;
        }
        while i < bytes.len() {
            let b = bytes[i];
            let line_end = (b == b'\n' || b == b'\r') && state != State::Quoted;
            if line_end {
                let record = &text[start..i];
                i += if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                start = i;
                state = State::CellStart;
                return Some(record);
            }
            state = match (state, b) {
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::Quoted, _) => State::Quoted,
                (State::QuoteInQuoted, b'"') => State::Quoted,
                (State::CellStart, b'"') => State::Quoted,
                (_, d) if d == delimiter => State::CellStart,
                _ => State::Unquoted,
            };
            i += 1;
        }
        let record = &text[start..];
        start = bytes.len() + 1;
        (!record.is_empty()).then_some(record)
    })
}

/// The header row's columns, when the first row is a header (at least two known names, one of
/// them the last name or the e-mail address).
pub fn header_columns(first: &[String]) -> Option<Vec<Column>> {
    let columns: Vec<Option<Column>> = first.iter().map(|c| Column::from_header(c)).collect();
    let known = columns.iter().flatten().count();
    let anchor = columns
        .iter()
        .flatten()
        .any(|c| matches!(c, Column::Achternaam | Column::Email));
    (known >= 2 && anchor).then(|| {
        columns
            .into_iter()
            .map(|c| c.unwrap_or(Column::Ignore))
            .collect()
    })
}

/// Interprets a table (blank rows are skipped): by header when the first row is one, else by
/// position ([`BY_POSITION`]). Every row is validated as a participant would be, against
/// `today`; each keeps its spreadsheet row number.
pub fn interpret(table: &[SheetRow], today: chrono::NaiveDate) -> ParsedList {
    let table: Vec<&SheetRow> = table.iter().filter(|r| !r.is_blank()).collect();
    let header = table.first().and_then(|first| header_columns(&first.cells));
    let has_header = header.is_some();
    let columns = header.unwrap_or_else(|| {
        let width = table.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        (0..width)
            .map(|i| BY_POSITION.get(i).copied().unwrap_or(Column::Ignore))
            .collect()
    });
    let body = &table[usize::from(has_header).min(table.len())..];
    let dropped = body.len().saturating_sub(MAX_ROWS);
    let rows = body
        .iter()
        .take(MAX_ROWS)
        .map(|row| {
            let mut person = Person::default();
            for (column, cell) in columns.iter().zip(&row.cells) {
                column.set(&mut person, cell.clone());
            }
            let issues = row_issues(&person, today);
            ListRow {
                line: row.line,
                person,
                issues,
            }
        })
        .collect();
    ParsedList {
        has_header,
        columns,
        rows,
        dropped,
    }
}

/// The issues of one participant, with paths relative to the person.
pub fn row_issues(person: &Person, today: chrono::NaiveDate) -> Vec<FieldIssue> {
    let mut out = Vec::new();
    super::validate::check_person("p", person, false, today, &mut out);
    for issue in &mut out {
        if let Some(rest) = issue.field.strip_prefix("p.") {
            issue.field = rest.to_string();
        }
    }
    out
}

#[cfg(test)]
mod tests;
