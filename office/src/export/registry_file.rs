//! A registry file as the office's staff save it: XLSX (read with `calamine`)
//! or CSV in UTF-8 (with or without a byte-order mark) or GB18030 (what Excel
//! on Chinese Windows saves as "CSV"), with the kiosks' English headers
//! (`id_number,name,categories,card_no,status`) or the Chinese ones people
//! write (姓名, 身份证号, 类别, 饭卡号, 状态, or a yes/no column named after a
//! category such as 低保), columns in any order.
//!
//! Each row is checked by core's one row parser, `RegistryRow::parse`; every
//! bad row is reported by its line as Excel shows it, its column and a reason
//! in Chinese and English (never the person's data). [`stream`] hands the
//! good rows on one at a time as a CSV file is read ([`super::registry_csv`]:
//! a million rows never sit in memory) and reports every problem at the end,
//! so its caller writes them in a transaction it commits only when there is
//! none; [`read`] collects them (nothing is returned unless every row is
//! good). An XLSX file (at most 1,048,576 rows) is read whole by `calamine`.

use std::fmt;
use std::io::{Read, Seek};

use calamine::{Data, Reader, Xlsx};
use canteen_core::pricing::Category;
use canteen_core::registry::{HEADER, RegistryRow};
use chrono::NaiveDate;

/// A bad row (or header): where, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    /// The line (CSV) or row (XLSX) number Excel shows; 1 is the header.
    pub line: usize,
    /// The column as the file names it (empty for the whole row or file).
    pub column: String,
    pub reason_zh: String,
    pub reason_en: String,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if !self.column.is_empty() {
            write!(f, " ({})", self.column)?;
        }
        write!(f, ": {} / {}", self.reason_zh, self.reason_en)
    }
}

/// The file is not a registry anyone can import: every problem found.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("nothing imported; correct these rows and import again: {}", list(.problems))]
pub struct RegistryFileError {
    pub problems: Vec<RowProblem>,
}

fn list(problems: &[RowProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// One registry field a column can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Id,
    Name,
    Categories,
    Card,
    Status,
    /// A yes/no column named after the category at this index.
    Flag(usize),
    /// 序号 / 备注: kept by people, not by the registry.
    Ignored,
}

const FIELD_NAMES: [(Field, &[&str]); 6] = [
    (
        Field::Id,
        &[
            "id_number",
            "身份证号",
            "身份证号码",
            "身份证",
            "证件号码",
            "证件号",
        ],
    ),
    (Field::Name, &["name", "姓名"]),
    (
        Field::Categories,
        &["categories", "类别", "补贴类别", "人员类别"],
    ),
    (
        Field::Card,
        &["card_no", "饭卡号", "卡号", "餐卡号", "饭卡号码"],
    ),
    (Field::Status, &["status", "状态"]),
    (Field::Ignored, &["序号", "备注", "no", "note"]),
];

fn normalise(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊'))
        .collect::<String>()
        .to_lowercase()
}

fn field_of(header: &str, categories: &[Category]) -> Option<Field> {
    let h = normalise(header);
    FIELD_NAMES
        .iter()
        .find(|(_, names)| names.iter().any(|n| *n == h))
        .map(|(f, _)| *f)
        .or_else(|| {
            categories
                .iter()
                .position(|c| normalise(&c.name_zh) == h || c.id == h)
                .map(Field::Flag)
        })
}

/// The rows of `bytes` (XLSX, or CSV in UTF-8 or GB18030), checked with
/// IDs validated on `today`; category names (低保) become their ids (dibao).
pub fn read(
    bytes: &[u8],
    today: NaiveDate,
    categories: &[Category],
) -> Result<Vec<RegistryRow>, RegistryFileError> {
    let mut rows = Vec::new();
    let read = stream(std::io::Cursor::new(bytes), today, categories, |r| {
        rows.push(r);
        Ok::<_, std::io::Error>(())
    });
    match read {
        Ok(Ok(_)) => Ok(rows),
        Ok(Err(problems)) => Err(problems),
        Err(e) => unreachable!("reading bytes in memory failed: {e}"),
    }
}

/// Reads `file` (XLSX, or CSV in UTF-8 or GB18030) row by row, checked as
/// [`read`] does, and hands each good row to `sink` until the first bad one
/// (the rest are only checked, so every problem is listed): `Ok(Ok(n))`
/// when all `n` rows were good, `Ok(Err(_))` with every problem, `Err` when
/// the file could not be read or `sink` failed (at once).
pub fn stream<E: From<std::io::Error>>(
    mut file: impl Read + Seek,
    today: NaiveDate,
    categories: &[Category],
    sink: impl FnMut(RegistryRow) -> Result<(), E>,
) -> Result<Result<usize, RegistryFileError>, E> {
    let mut magic = Vec::new();
    file.by_ref().take(4).read_to_end(&mut magic)?;
    file.rewind()?;
    if magic == b"PK\x03\x04" {
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        match xlsx_cells(&bytes) {
            Ok(rows) => check(rows.into_iter().map(|r| Ok(Ok(r))), today, categories, sink),
            Err(e) => Ok(Err(e)),
        }
    } else {
        match super::registry_csv::cells(file)? {
            Ok(rows) => check(rows, today, categories, sink),
            Err(e) => Ok(Err(e)),
        }
    }
}

/// [`stream`] of the lines of a file.
fn check<E: From<std::io::Error>>(
    lines: impl Iterator<Item = std::io::Result<Line>>,
    today: NaiveDate,
    categories: &[Category],
    mut sink: impl FnMut(RegistryRow) -> Result<(), E>,
) -> Result<Result<usize, RegistryFileError>, E> {
    let mut rows = lines.filter(|line| match line {
        Ok(Ok((_, cells))) => cells.iter().any(|(c, _)| !c.is_empty()),
        _ => true,
    });
    let columns = match rows.next().transpose()? {
        None => return Ok(Err(whole_file("文件是空的", "the file is empty"))),
        Some(Err(problem)) => Err(RegistryFileError {
            problems: vec![problem],
        }),
        Some(Ok((line, header))) => Columns::of(line, header, today, categories),
    };
    let columns = match columns {
        Ok(columns) => columns,
        Err(e) => return Ok(Err(e)),
    };
    let (mut good, mut problems) = (0, Vec::new());
    for line in rows {
        match line?.and_then(|(line, cells)| columns.row(line, &cells)) {
            Ok(row) if problems.is_empty() => {
                sink(row)?;
                good += 1;
            }
            Ok(_) => {}
            Err(problem) => problems.push(problem),
        }
    }
    Ok(if problems.is_empty() {
        Ok(good)
    } else {
        Err(RegistryFileError { problems })
    })
}

pub(super) fn whole_file(zh: &str, en: &str) -> RegistryFileError {
    RegistryFileError {
        problems: vec![RowProblem {
            line: 1,
            column: String::new(),
            reason_zh: zh.to_owned(),
            reason_en: en.to_owned(),
        }],
    }
}

/// A cell as text, and whether it was a number (an ID number typed into a
/// number cell has lost its last digits).
pub(super) type Cells = Vec<(String, bool)>;

/// One row of the file and its line, or why it could not be read.
pub(super) type Line = Result<(usize, Cells), RowProblem>;

fn xlsx_cells(bytes: &[u8]) -> Result<Vec<(usize, Cells)>, RegistryFileError> {
    let unreadable = || {
        whole_file(
            "无法读取这个 XLSX 文件的第一个工作表：请用 Excel 打开后重新保存",
            "cannot read the first sheet of this XLSX file: open it in Excel and save it again",
        )
    };
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(unreadable)?
        .map_err(|_| unreadable())?;
    let first = range.start().map_or(0, |(row, _)| row as usize);
    let lead = range.start().map_or(0, |(_, col)| col as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut row = vec![(String::new(), false); lead];
            row.extend(cells.iter().map(|c| match c {
                Data::String(s) => (s.trim().to_owned(), false),
                Data::Empty => (String::new(), false),
                Data::Int(n) => (n.to_string(), true),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                    (format!("{}", *f as i64), true)
                }
                other => (other.to_string().trim().to_owned(), true),
            }));
            (first + i + 1, row)
        })
        .collect())
}

/// What each column of the file fills, read from its header line; checks
/// the rows below it.
struct Columns<'a> {
    fields: Vec<Option<Field>>,
    header: Cells,
    today: NaiveDate,
    categories: &'a [Category],
}

impl<'a> Columns<'a> {
    fn of(
        header_line: usize,
        header: Cells,
        today: NaiveDate,
        categories: &'a [Category],
    ) -> Result<Columns<'a>, RegistryFileError> {
        let mut problems = Vec::new();
        let mut fields = Vec::new();
        for (text, _) in &header {
            match field_of(text, categories) {
                Some(f) => fields.push(Some(f)),
                None if text.is_empty() => fields.push(None),
                None => {
                    problems.push(RowProblem {
                        line: header_line,
                        column: text.clone(),
                        reason_zh: "不认识这个列名；可用：姓名、身份证号、类别、饭卡号、状态（或 id_number,name,categories,card_no,status）".into(),
                        reason_en: format!("unknown column; use {} (or 姓名, 身份证号, 类别, 饭卡号, 状态)", HEADER.join(", ")),
                    });
                    fields.push(None);
                }
            }
        }
        for (need, zh, en) in [
            (Field::Id, "身份证号", "id_number"),
            (Field::Name, "姓名", "name"),
        ] {
            if !fields.contains(&Some(need)) {
                problems.push(RowProblem {
                    line: header_line,
                    column: String::new(),
                    reason_zh: format!("缺少“{zh}”列（第一行应为列名）"),
                    reason_en: format!(
                        "the `{en}` column is missing (the first line must name the columns)"
                    ),
                });
            }
        }
        if !problems.is_empty() {
            return Err(RegistryFileError { problems });
        }
        Ok(Columns {
            fields,
            header,
            today,
            categories,
        })
    }

    /// The row on `line`, checked.
    fn row(&self, line: usize, cells: &[(String, bool)]) -> Result<RegistryRow, RowProblem> {
        row(
            &self.fields,
            &self.header,
            cells,
            self.today,
            self.categories,
        )
        .map_err(|(column, reason_zh, reason_en)| RowProblem {
            line,
            column,
            reason_zh,
            reason_en,
        })
    }
}

/// A yes/no cell: `Some(true)`, `Some(false)` (empty too), or `None`.
fn yes_no(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "是" | "有" | "√" | "✓" | "y" | "yes" | "1" | "true" => Some(true),
        "" | "否" | "无" | "n" | "no" | "0" | "false" => Some(false),
        _ => None,
    }
}

/// A category as written (id, or its Chinese or English name) as its id.
fn category_id(written: &str, categories: &[Category]) -> String {
    categories
        .iter()
        .find(|c| c.id == written || c.name_zh == written || c.name_en == written)
        .map_or_else(|| written.to_owned(), |c| c.id.clone())
}

fn status_value(written: &str) -> &str {
    match written {
        "正常" | "有效" => "active",
        "停用" | "暂停" => "suspended",
        "挂失" | "遗失" | "丢失" => "lost",
        "卡停用" | "停卡" => "card_suspended",
        other => other,
    }
}

type Bad = (String, String, String);

fn row(
    fields: &[Option<Field>],
    header: &[(String, bool)],
    cells: &[(String, bool)],
    today: NaiveDate,
    categories: &[Category],
) -> Result<RegistryRow, Bad> {
    let (mut id, mut name, mut cats, mut card, mut status) =
        (String::new(), String::new(), Vec::new(), String::new(), "");
    for (i, (text, numeric)) in cells.iter().enumerate() {
        let Some(Some(field)) = fields.get(i) else {
            if !text.is_empty() && i >= fields.len() {
                return Err((
                    String::new(),
                    "这一行的格子比列名多".into(),
                    "this row has more cells than the header has columns".into(),
                ));
            }
            continue;
        };
        match field {
            Field::Id if *numeric => {
                return Err((
                    header[i].0.clone(),
                    "身份证号被 Excel 存成了数字，后几位已丢失：请把这一列设为“文本”后重新输入".into(),
                    "the ID number was stored as a number and lost its last digits: format the column as Text and type it again".into(),
                ));
            }
            Field::Id => id = text.clone(),
            Field::Name => name = text.clone(),
            Field::Categories => cats.extend(
                text.split([';', '；', ',', '，', '、'])
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(|c| category_id(c, categories)),
            ),
            Field::Card => card = text.clone(),
            Field::Status => status = status_value(text),
            Field::Flag(k) => match yes_no(text) {
                Some(true) => cats.push(categories[*k].id.clone()),
                Some(false) => {}
                None => {
                    return Err((
                        header[i].0.clone(),
                        "这一列只能填“是”或“否”（或留空）".into(),
                        "this column takes yes or no (是/否), or nothing".into(),
                    ));
                }
            },
            Field::Ignored => {}
        }
    }
    let mut seen = Vec::new();
    cats.retain(|c| {
        let new = !seen.contains(c);
        seen.push(c.clone());
        new
    });
    let cats = cats.join(";");
    let parsed = RegistryRow::parse(&[&id, &name, &cats, &card, status], today, None);
    parsed.map_err(|en| {
        let field = en.split(':').next().unwrap_or_default();
        let column = header
            .iter()
            .zip(fields)
            .find(|(_, f)| f.is_some_and(|f| field_matches(f, field)))
            .map_or_else(|| field.to_owned(), |(h, _)| h.0.clone());
        let zh = match field {
            "id_number" => "身份证号无效（位数、出生日期或校验位不对）",
            "name" => "姓名为空或含控制字符",
            "categories" => "类别不是已配置的补贴类别",
            "card_no" => "饭卡号只能包含字母、数字和“-”",
            "status" => {
                "状态应为 正常、停用、挂失 或 卡停用（或 active, suspended, lost, card_suspended）"
            }
            _ => "这一行无法读取",
        };
        (column, zh.to_owned(), en)
    })
}

fn field_matches(f: Field, name: &str) -> bool {
    matches!(
        (f, name),
        (Field::Id, "id_number")
            | (Field::Name, "name")
            | (Field::Categories, "categories")
            | (Field::Card, "card_no")
            | (Field::Status, "status")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_category_column_takes_yes_or_no_and_names_repeat_once() {
        let categories = canteen_config::Config::defaults().pricing.categories;
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let text = "姓名,身份证号,低保,类别\n王,11010519491231002X,是,低保；dibao\n李,110101194103010021,也许,\n";
        let err = read(text.as_bytes(), today, &categories).unwrap_err();
        assert_eq!(err.problems.len(), 1, "{err}");
        assert_eq!(
            (err.problems[0].line, err.problems[0].column.as_str()),
            (3, "低保")
        );
        let ok = read(text.replace("也许", "否").as_bytes(), today, &categories).unwrap();
        assert_eq!(ok[0].categories, ["dibao"]);
        assert!(ok[1].categories.is_empty());
    }
}
