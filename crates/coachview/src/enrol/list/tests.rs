#[test]
fn excel_clipboard_with_a_line_break_in_a_cell_is_one_row() {
    // Excel: a header, CRLF rows, a cell with a line break and a quote quoted and doubled.
    let text = "Voornaam\tAchternaam\tE-mailadres\r\n\"Anna\nMaria\"\tJansen\tanna@x.nl\r\n\
                Kees\t\"de \"\"Baas\"\"\"\tkees@x.nl\r\n";
    let rows = split_pasted(text);
    assert_eq!(rows.len(), 3);
    // A line break inside a name cell is cleaned to a space.
    assert_eq!(rows[1].cells, ["Anna Maria", "Jansen", "anna@x.nl"]);
    assert_eq!(rows[2].cells, ["Kees", "de \"Baas\"", "kees@x.nl"]);
    // The row numbers are the spreadsheet's: the quoted line break stays in row 2.
    assert_eq!((rows[1].line, rows[2].line), (2, 3));
}

use super::*;
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

#[test]
fn pasted_rows_with_an_english_header_are_matched_by_name() {
    let text = "Last name\tFirst name\tE-mail address\tDepartment\r\n\
                Jansen\tAnna\tanna@voorbeeld.nl\tBouw\r\n\
                \r\n\
                Bakker\tPiet\tpiet@\tKantoor\r\n";
    let list = interpret(&split_pasted(text), today());
    assert!(list.has_header);
    assert_eq!(
        list.columns,
        [
            Column::Achternaam,
            Column::Voornaam,
            Column::Email,
            Column::Ignore
        ]
    );
    assert_eq!(list.rows.len(), 2, "the empty line is skipped");
    assert_eq!(list.rows[0].person.achternaam, "Jansen");
    assert!(!list.rows[0].has_error());
    assert_eq!(list.rows[1].line, 4, "the empty line is counted");
    assert!(list.rows[1].has_error());
    assert!(
        list.rows[1].reasons(Lang::En).starts_with("E-mail"),
        "{}",
        list.rows[1].reasons(Lang::En)
    );
    assert_eq!(list.bad_rows(), 1);
}

#[test]
fn rows_without_a_header_are_taken_by_position() {
    let text = "Anna\t\tJansen\tanna@voorbeeld.nl\t0612345678\t01-05-1980\nPiet\tvan\tDijk\t\t\t";
    let list = interpret(&split_pasted(text), today());
    assert!(!list.has_header);
    assert_eq!(list.rows[0].line, 1);
    assert_eq!(list.rows[0].person.geboorte_datum, "01-05-1980");
    assert_eq!(list.rows[1].person.tussenvoegsels, "van");
    assert!(list.rows.iter().all(|r| !r.has_error()));
}

#[test]
fn dutch_csv_with_semicolons_and_a_bom() {
    let text = "\u{feff}Voornaam;Achternaam;E-mailadres;Geboortedatum\n\
                Anna;\"Jansen\";anna@voorbeeld.nl;31-12-2999\n";
    let list = interpret(&split_csv(text), today());
    assert!(list.has_header);
    assert_eq!(list.rows[0].person.achternaam, "Jansen");
    assert!(list.rows[0].has_error(), "birth date in the future");
}

#[test]
fn csv_rows_keep_the_row_numbers_excel_shows() {
    // Excel rows: 1 header, 2 Anna, 3 and 4 blank, 5 a cell over two lines, 6 a bad address.
    let text = "Voornaam;Achternaam;E-mail\r\nAnna;Jansen;anna@voorbeeld.nl\r\n\r\n;;\r\n\
                \"Piet\r\nJan\";Bakker;piet@voorbeeld.nl\r\nKees;Smit;kees@\r\n";
    let list = interpret(&split_csv(text), today());
    let lines: Vec<usize> = list.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 5, 6]);
    assert!(list.rows[2].has_error() && !list.rows[1].has_error());
    // Blank lines before the header count too, also when pasted.
    let list = interpret(&split_csv("\n\nAchternaam;E-mail\nJansen;x@\n"), today());
    assert_eq!(list.rows[0].line, 4);
    let list = interpret(
        &split_pasted("\nAchternaam\tE-mail\n\nJansen\tx@\n"),
        today(),
    );
    assert_eq!(list.rows[0].line, 4);
}

#[test]
fn huge_lists_and_cells_are_bounded() {
    let text: String = (0..MAX_ROWS + 5)
        .map(|i| format!("A{i}\t\tB\t{}\n", "x".repeat(500)))
        .collect();
    let list = interpret(&split_pasted(&text), today());
    assert_eq!(list.rows.len(), MAX_ROWS);
    assert_eq!(list.dropped, 5);
    assert_eq!(list.rows[0].person.emailadres.chars().count(), 200);
}
