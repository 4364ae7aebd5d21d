//! Errors in data files: each names the file, the row as a spreadsheet user
//! counts it (the header is row 1), the column, the value and what was expected.

use super::value::Expected;
use crate::i18n::{Lang, Localized};
use crate::location::Location;
use chrono::Datelike;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataErrorKind {
    Workbook(String),
    NoSheetWithKey {
        key: String,
        sheets: Vec<String>,
        asked: Option<String>,
    },
    NoKnownColumns {
        found: Vec<String>,
        /// The columns the file should have, with their labels.
        expected: Vec<String>,
    },
    Io(String),
    NotUtf8,
    Csv(String),
    Empty,
    NoRows,
    MissingColumn {
        suggestion: Option<String>,
    },
    DuplicateColumn,
    /// A cell whose text is not a value of the column's type.
    BadCell {
        value: String,
        expected: Expected,
    },
    EmptyCell {
        expected: Expected,
    },
    DuplicateKey {
        key: String,
        first_row: usize,
    },
    /// A key cell that is empty or holds an invisible character.
    BadKey(super::value::KeyProblem),
    /// A record with more cells than the header has columns.
    ExtraCells {
        header: usize,
        found: usize,
    },
    TooManyErrors(usize),
    UnknownDataset {
        known: Vec<String>,
    },
    MissingDataset(String),
    /// A carried column (a year's step) without a value for this row's subject.
    NoCarriedValue {
        key: String,
        from: String,
    },
    /// A carried column the file also writes.
    CarriedAndWritten {
        column: String,
        from: String,
    },
    /// A second file given for a dataset already read from `first`.
    TwoFilesForDataset {
        dataset: String,
        first: std::path::PathBuf,
    },
    UnknownTestColumn,
    FileTooLarge {
        size: u64,
        max: u64,
    },
    /// A workbook that unpacks to more than its limit.
    UnpackedTooLarge {
        entry: String,
        max: u64,
    },
    /// A sheet whose used cells spread over too large an area.
    SheetTooSpread {
        max: u64,
    },
    /// More bytes than the limit came from a file whose size is not known
    /// before reading (a pipe, a device).
    ReadPastLimit {
        max: u64,
    },
    LineTooLong {
        max: usize,
    },
    FieldTooLong {
        max: usize,
    },
    TooManyRows {
        max: usize,
    },
    /// A row of a joined or long-form file whose key is no unit's.
    NotAUnit {
        key: String,
        units: std::path::PathBuf,
    },
    /// A history row or a member naming no subject of `dataset` (read from
    /// `file`); `declared_in` is the dataset whose spec may say
    /// `unmatched: ignore`.
    NoSuchSubject {
        key: String,
        dataset: String,
        file: std::path::PathBuf,
        declared_in: String,
        members: bool,
    },
    /// A long-form row whose criterion code is no criterion's.
    UnknownCode {
        code: String,
        suggestion: Option<String>,
    },
    /// A unit without its row in a joined file (or, with `code`, without
    /// the row of that criterion in a long-form file).
    NoRowFor {
        key: String,
        code: Option<String>,
        file: std::path::PathBuf,
    },
    /// A number column whose cells are written both ways (`9.5` and `3,5`).
    MixedNumberStyles {
        text: String,
        first_row: usize,
        first_text: String,
        /// This cell has the decimal comma; the first one the point.
        later_is_vi: bool,
    },
    /// A cell both number styles read, differently (`1.234`), in a column
    /// where nothing else tells which is meant.
    AmbiguousNumber {
        text: String,
    },
    /// A number read by one style whose column shows the other, in data
    /// that cannot be read a second time (a pipe).
    NumberStyleTooLate {
        text: String,
        vi: bool,
    },
    /// A date with a two-digit year (`15/03/15`): 2015 or 1915?
    TwoDigitYear {
        value: String,
    },
    /// A warning: a date column with real dates (first: `real`) and text
    /// dates (each cell, its text and the day it was read as).
    MixedDates {
        real: (String, chrono::NaiveDate),
        texts: Vec<(String, String, chrono::NaiveDate)>,
        more: usize,
    },
    /// A leaf's input below zero that its method cannot score.
    NegativeInput {
        value: rust_decimal::Decimal,
        criterion: String,
        method: Option<crate::pack::scorecard::Method>,
    },
    /// A date column whose every `dd/mm/yyyy` cell reads either way: read
    /// day first (a warning).
    DateOrderUnknown {
        column: String,
        text: String,
        day: chrono::NaiveDate,
    },
    /// A percentage in a number column not counted in percent points.
    PercentCell {
        value: String,
    },
    /// `--group KEY` naming no cluster of the data scored.
    UnknownGroup {
        key: String,
    },
    /// `--subject KEY` naming no row of the data checked.
    UnknownSubject {
        key: String,
    },
    /// A year outside 1900–2199 in a column read as a year.
    ImplausibleYear {
        year: i64,
    },
    /// A scoring stage the scorecard's `stages.order` does not name.
    UnknownStage {
        value: String,
        known: Vec<String>,
    },
    /// A row of a stage after the one a run scores up to (`--stage`).
    StageAfterUntil {
        value: String,
        until: String,
    },
    /// A unit scored at some stage without a row at the final one.
    MissingStage {
        key: String,
        stage: String,
    },
    /// A score entered by hand outside 0..max.
    ManualOutOfRange {
        value: rust_decimal::Decimal,
        max: rust_decimal::Decimal,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    pub loc: Location,
    pub kind: DataErrorKind,
}

impl DataError {
    pub fn new(loc: Location, kind: DataErrorKind) -> Self {
        DataError { loc, kind }
    }
}

impl Localized for DataError {
    fn render(&self, lang: Lang) -> String {
        format!("{}: {}", self.loc.render(lang), self.message(lang))
    }
}

impl DataError {
    /// What went wrong, without where (the page names the place in its own
    /// words: a field of the form, a row of an upload).
    pub fn message(&self, lang: Lang) -> String {
        let field = self.loc.field.clone().unwrap_or_default();
        self.kind.words(lang, &field)
    }
}

impl DataErrorKind {
    /// The message in the reader's words, without its place (`field`: the
    /// column it is about). Each group of kinds has its words in one
    /// function, so none is a page of arms.
    pub fn words(&self, lang: Lang, field: &str) -> String {
        use DataErrorKind::*;
        // Every kind named here, so that a kind without words does not compile.
        let words = match self {
            Io(..)
            | NotUtf8
            | Csv(..)
            | Empty
            | NoRows
            | MissingColumn { .. }
            | DuplicateColumn
            | BadCell { .. }
            | EmptyCell { .. }
            | DuplicateKey { .. }
            | BadKey(..)
            | ExtraCells { .. }
            | TooManyErrors(..)
            | UnknownDataset { .. }
            | TwoFilesForDataset { .. }
            | MissingDataset(..)
            | NoCarriedValue { .. }
            | CarriedAndWritten { .. } => self.file_and_cell_words(lang, field),
            Workbook(..)
            | NoSheetWithKey { .. }
            | NoKnownColumns { .. }
            | FileTooLarge { .. }
            | UnpackedTooLarge { .. }
            | SheetTooSpread { .. }
            | ReadPastLimit { .. }
            | LineTooLong { .. }
            | FieldTooLong { .. }
            | TooManyRows { .. } => self.workbook_and_limit_words(lang),
            NoSuchSubject { .. }
            | NotAUnit { .. }
            | UnknownCode { .. }
            | NoRowFor { .. }
            | MixedNumberStyles { .. }
            | AmbiguousNumber { .. }
            | NumberStyleTooLate { .. } => self.join_and_number_words(lang),
            MixedDates { .. } | TwoDigitYear { .. } | NegativeInput { .. } | DateOrderUnknown { .. } => {
                self.date_words(lang)
            }
            PercentCell { .. }
            | UnknownGroup { .. }
            | UnknownSubject { .. }
            | ImplausibleYear { .. }
            | UnknownStage { .. }
            | MissingStage { .. }
            | StageAfterUntil { .. }
            | ManualOutOfRange { .. }
            | UnknownTestColumn => self.score_input_words(lang, field),
        };
        words.unwrap_or_else(|| format!("{self:?}"))
    }
    /// The file, its header, its cells and keys.
    fn file_and_cell_words(&self, lang: Lang, field: &str) -> Option<String> {
        use DataErrorKind::*;
        Some(match self {
            Io(e) => format!("{}: {e}", lang.pick("không đọc được tệp", "cannot read the file")),
            NotUtf8 => lang
                .pick("tệp không phải UTF-8 (hãy lưu CSV dạng UTF-8)", "the file is not UTF-8 (save the CSV as UTF-8)")
                .into(),
            Csv(e) => format!("{}: {e}", lang.pick("lỗi định dạng CSV", "CSV format error")),
            Empty => lang.pick("tệp rỗng: không có dòng tiêu đề", "empty file: no header row").into(),
            NoRows => {
                lang.pick("tệp chỉ có dòng tiêu đề, không có dữ liệu", "the file has a header but no data rows").into()
            }
            MissingColumn { suggestion } => {
                let mut s = match lang {
                    Lang::Vi => format!("thiếu cột bắt buộc `{field}` ở dòng tiêu đề"),
                    Lang::En => format!("the header lacks the required column `{field}`"),
                };
                if let Some(sug) = suggestion {
                    s += &match lang {
                        Lang::Vi => format!(" (tệp có cột `{sug}`: có phải gõ nhầm?)"),
                        Lang::En => format!(" (the file has `{sug}`: a typo?)"),
                    };
                }
                s
            }
            DuplicateColumn => match lang {
                Lang::Vi => format!("cột `{field}` xuất hiện hai lần ở dòng tiêu đề"),
                Lang::En => format!("column `{field}` appears twice in the header"),
            },
            BadCell { value, expected } => match lang {
                Lang::Vi => format!("giá trị `{value}` không hợp lệ, cần {}", expected.render(lang)),
                Lang::En => format!("invalid value `{value}`, expected {}", expected.render(lang)),
            },
            EmptyCell { expected } => match lang {
                Lang::Vi => format!("ô trống, cần {}", expected.render(lang)),
                Lang::En => format!("empty cell, expected {}", expected.render(lang)),
            },
            DuplicateKey { key, first_row } => match lang {
                Lang::Vi => format!("mã `{key}` bị trùng với dòng {first_row}"),
                Lang::En => format!("key `{key}` duplicates row {first_row}"),
            },
            BadKey(super::value::KeyProblem::Empty) => match lang {
                Lang::Vi => format!("mã `{field}` trống: mỗi dòng cần một mã để biết đó là ai"),
                Lang::En => format!("the key `{field}` is empty: every row needs one to say whom it is about"),
            },
            BadKey(super::value::KeyProblem::Invisible(c)) => match lang {
                Lang::Vi => format!(
                    "mã `{field}` chứa ký tự không nhìn thấy U+{:04X}: xoá ký tự đó (thường do sao chép từ web hoặc Word) để hai mã trông giống nhau không thành hai người",
                    *c as u32
                ),
                Lang::En => format!(
                    "the key `{field}` holds the invisible character U+{:04X}: delete it (it usually comes from copying out of a web page or Word), so that two keys that look alike are not two subjects",
                    *c as u32
                ),
            },
            ExtraCells { header, found } => match lang {
                Lang::Vi => format!(
                    "dòng có {found} ô nhưng dòng tiêu đề chỉ có {header} cột: các ô thừa sẽ bị bỏ mất; kiểm tra dấu phẩy trong ô chưa đặt trong ngoặc kép, hoặc thêm tên cột"
                ),
                Lang::En => format!(
                    "the row has {found} cells but the header only {header} columns: the extra cells would be lost; look for a comma in an unquoted cell, or name the column"
                ),
            },
            TooManyErrors(n) => match lang {
                Lang::Vi => format!("… và {n} lỗi khác (dừng đếm)"),
                Lang::En => format!("… and {n} more errors (stopped counting)"),
            },
            UnknownDataset { known } => match lang {
                Lang::Vi => format!(
                    "không biết tệp này thuộc bảng dữ liệu nào; đặt tên tệp theo bảng ({}) hoặc viết --data BANG=TEP",
                    known.join(", ")
                ),
                Lang::En => format!(
                    "cannot tell which dataset this file is; name it after one ({}) or write --data DATASET=FILE",
                    known.join(", ")
                ),
            },
            TwoFilesForDataset { dataset, first } => match lang {
                Lang::Vi => format!(
                    "bảng dữ liệu `{dataset}` đã có tệp {}: mỗi bảng đọc từ một tệp, nên tệp thứ hai sẽ bị bỏ qua mà không ai hay; gộp các dòng vào một tệp rồi chạy lại",
                    first.display()
                ),
                Lang::En => format!(
                    "dataset `{dataset}` already has the file {}: a dataset is read from one file, so the second would be dropped unseen; put the rows into one file and run again",
                    first.display()
                ),
            },
            MissingDataset(d) => match lang {
                Lang::Vi => format!("chưa có dữ liệu cho bảng `{d}`: thêm --data"),
                Lang::En => format!("no data for dataset `{d}`: add --data"),
            },
            NoCarriedValue { key, from } => match lang {
                Lang::Vi => format!(
                    "`{key}` không có kết quả ở `{from}` (bước trước không xét đối tượng này): kiểm tra mã, hoặc đưa đối tượng vào dữ liệu của bước trước"
                ),
                Lang::En => format!(
                    "`{key}` has no result in `{from}` (the earlier step did not judge this subject): check the key, or add the subject to the earlier step's data"
                ),
            },
            CarriedAndWritten { column, from } => match lang {
                Lang::Vi => format!(
                    "cột `{column}` lấy từ kết quả `{from}` nhưng tệp cũng có cột này: không rõ giá trị nào được tính; bỏ cột khỏi tệp"
                ),
                Lang::En => format!(
                    "column `{column}` is taken from the results of `{from}`, and the file has it too: which value counts would be a guess; remove the column from the file"
                ),
            },
            // Another group's kind: see `words`.
            _ => return None,
        })
    }

    /// Workbooks and the reader's limits.
    fn workbook_and_limit_words(&self, lang: Lang) -> Option<String> {
        use DataErrorKind::*;
        Some(match self {
            Workbook(e) => format!("{}: {e}", lang.pick("không đọc được sổ tính", "cannot read the workbook")),
            NoSheetWithKey { key, sheets, asked } => match (lang, asked) {
                (Lang::Vi, Some(a)) => format!(
                    "trang tính `{a}` không có, hoặc không có cột khóa `{key}` ở 20 dòng đầu; sổ tính có: {}",
                    sheets.join(", ")
                ),
                (Lang::En, Some(a)) => format!(
                    "sheet `{a}` is missing or has no key column `{key}` in its first 20 rows; the workbook has: {}",
                    sheets.join(", ")
                ),
                (Lang::Vi, None) => format!(
                    "không trang tính nào có cột khóa `{key}` ở 20 dòng đầu (các trang: {}); chọn trang bằng --sheet",
                    sheets.join(", ")
                ),
                (Lang::En, None) => format!(
                    "no sheet has the key column `{key}` in its first 20 rows (sheets: {}); choose one with --sheet",
                    sheets.join(", ")
                ),
            },
            NoKnownColumns { found, expected } => {
                let shown: Vec<String> = found.iter().map(|f| f.chars().take(20).collect::<String>()).collect();
                match lang {
                    Lang::Vi => format!(
                        "dòng tiêu đề không có cột nào của bảng dữ liệu (thấy: {}); cần các cột (tên mã hoặc nhãn): {}; tệp có đúng là CSV của bảng này, đúng bảng mã (--encoding) không?",
                        shown.join(", "),
                        expected.join(", ")
                    ),
                    Lang::En => format!(
                        "the header has none of the dataset's columns (found: {}); expected (code or label): {}; is this the right CSV file, in the right encoding (--encoding)?",
                        shown.join(", "),
                        expected.join(", ")
                    ),
                }
            }
            FileTooLarge { size, max } => match lang {
                Lang::Vi => format!(
                    "tệp quá lớn ({} MB, giới hạn {} MB; nâng bằng --max-file-mb)",
                    size / 1_048_576,
                    max / 1_048_576
                ),
                Lang::En => format!(
                    "file too large ({} MB, limit {} MB; raise with --max-file-mb)",
                    size / 1_048_576,
                    max / 1_048_576
                ),
            },
            UnpackedTooLarge { entry, max } => match lang {
                Lang::Vi => format!(
                    "sổ tính giải nén ra quá {} MB (đến phần `{entry}`): tệp hỏng hoặc bị làm phình; lưu lại từ Excel, hoặc nâng --max-file-mb nếu đúng là sổ tính lớn",
                    max / 1_048_576
                ),
                Lang::En => format!(
                    "the workbook unpacks to more than {} MB (at `{entry}`): a broken or inflated file; save it again from Excel, or raise --max-file-mb for a genuinely large workbook",
                    max / 1_048_576
                ),
            },
            SheetTooSpread { max } => match lang {
                Lang::Vi => format!(
                    "ô này nằm quá xa các ô khác (vùng dữ liệu vượt {max} ô, hoặc ngoài lưới của Excel): xoá các ô lạc ở xa rồi lưu lại"
                ),
                Lang::En => format!(
                    "this cell lies too far from the others (the used area exceeds {max} cells, or Excel's grid): delete the stray far cells and save again"
                ),
            },
            ReadPastLimit { max } => match lang {
                Lang::Vi => format!(
                    "đã đọc quá {} MB mà tệp chưa hết (dữ liệu từ ống hoặc thiết bị); nâng giới hạn bằng --max-file-mb",
                    max / 1_048_576
                ),
                Lang::En => format!(
                    "read past {} MB before the file ended (data from a pipe or device); raise the limit with --max-file-mb",
                    max / 1_048_576
                ),
            },
            LineTooLong { max } => match lang {
                Lang::Vi => {
                    format!("dòng dài quá {} KB (tệp hỏng hoặc không phải CSV?); nâng bằng --max-field-kb", max / 1024)
                }
                Lang::En => format!(
                    "a line longer than {} KB (a broken file, or not CSV?); raise with --max-field-kb",
                    max / 1024
                ),
            },
            FieldTooLong { max } => match lang {
                Lang::Vi => format!("ô dài quá {} KB; nâng bằng --max-field-kb", max / 1024),
                Lang::En => format!("a cell longer than {} KB; raise with --max-field-kb", max / 1024),
            },
            TooManyRows { max } => match lang {
                Lang::Vi => format!("tệp có hơn {max} dòng dữ liệu; nâng bằng --max-rows"),
                Lang::En => format!("the file has more than {max} data rows; raise with --max-rows"),
            },
            // Another group's kind: see `words`.
            _ => return None,
        })
    }

    /// Rows that join to nothing, and how numbers are written.
    fn join_and_number_words(&self, lang: Lang) -> Option<String> {
        use DataErrorKind::*;
        Some(match self {
            NoSuchSubject { key, dataset, file, declared_in, members } => {
                let (spec, what_vi, what_en) = if *members {
                    ("members", "thành viên này không thuộc tập thể nào, nên tỷ lệ của tập thể sẽ tính thiếu người", "this member would belong to no collective, and its collective's share would be computed without them")
                } else {
                    (
                        "history",
                        "dòng này không thuộc về ai, nên chuỗi năm của người cần nó sẽ thiếu một năm",
                        "this row would belong to nobody, and the streak of whoever it is for would lack a year",
                    )
                };
                match lang {
                    Lang::Vi => format!(
                        "mã `{key}` không có trong bảng `{dataset}` ({}): {what_vi}; sửa mã cho khớp, hoặc nếu tệp cố ý chứa cả những mã ngoài bảng, khai báo `unmatched: ignore` trong `{spec}:` của bảng `{declared_in}`",
                        file.display()
                    ),
                    Lang::En => format!(
                        "key `{key}` is not in dataset `{dataset}` ({}): {what_en}; correct the key, or if the file holds other keys on purpose, declare `unmatched: ignore` in the `{spec}:` of dataset `{declared_in}`",
                        file.display()
                    ),
                }
            }
            NotAUnit { key, units } => match lang {
                Lang::Vi => format!(
                    "mã `{key}` không có trong danh sách đơn vị ({}): sửa mã cho đúng, hoặc thêm đơn vị vào danh sách",
                    units.display()
                ),
                Lang::En => format!(
                    "key `{key}` is not in the list of units ({}): correct the key, or add the unit to the list",
                    units.display()
                ),
            },
            UnknownCode { code, suggestion } => {
                let hint = match (suggestion, lang) {
                    (Some(s), Lang::Vi) => format!(" (có phải `{s}`?)"),
                    (Some(s), Lang::En) => format!(" (did you mean `{s}`?)"),
                    (None, _) => String::new(),
                };
                match lang {
                    Lang::Vi => format!("mã tiêu chí `{code}` không có trong bảng chấm điểm{hint}"),
                    Lang::En => format!("criterion code `{code}` is not in the scorecard{hint}"),
                }
            }
            NoRowFor { key, code: None, file } => match lang {
                Lang::Vi => format!("đơn vị `{key}` không có dòng nào trong tệp {}", file.display()),
                Lang::En => format!("unit `{key}` has no row in {}", file.display()),
            },
            NoRowFor { key, code: Some(code), file } => match lang {
                Lang::Vi => format!("đơn vị `{key}` không có dòng của tiêu chí `{code}` trong tệp {}", file.display()),
                Lang::En => format!("unit `{key}` has no row for criterion `{code}` in {}", file.display()),
            },
            MixedNumberStyles { text, first_row, first_text, later_is_vi } => {
                let (here, there) = match (later_is_vi, lang) {
                    (true, Lang::Vi) => ("dấu phẩy thập phân", "dấu chấm thập phân"),
                    (false, Lang::Vi) => ("dấu chấm thập phân", "dấu phẩy thập phân"),
                    (true, Lang::En) => ("a decimal comma", "a decimal point"),
                    (false, Lang::En) => ("a decimal point", "a decimal comma"),
                };
                match lang {
                    Lang::Vi => format!(
                        "`{text}` viết số với {here}, nhưng dòng {first_row} của cột này viết `{first_text}` với {there}: một cột phải viết mọi số theo một cách (dấu phẩy có thể là dấu ngăn nghìn); sửa cho đồng nhất"
                    ),
                    Lang::En => format!(
                        "`{text}` is written with {here}, but row {first_row} of this column writes `{first_text}` with {there}: a column must write every number one way (a comma may be a thousands separator); make them agree"
                    ),
                }
            }
            AmbiguousNumber { text } => {
                use crate::data::value::parse_decimal;
                use crate::pack::NumberFormat;
                let plain = parse_decimal(text, NumberFormat::Plain).map(|d| d.normalize().to_string());
                let vi = parse_decimal(text, NumberFormat::Vi).map(|d| d.normalize().to_string());
                let (p, v) = (plain.unwrap_or_default(), vi.unwrap_or_default());
                match lang {
                    Lang::Vi => format!(
                        "`{text}` đọc được hai cách ({p} nếu dấu chấm là dấu thập phân và dấu phẩy ngăn nghìn; {v} nếu dấu phẩy là dấu thập phân và dấu chấm ngăn nghìn) và cột không có ô nào khác cho biết cách viết: viết số không có dấu ngăn nghìn, hoặc khai báo `format: vi` hay `format: plain` cho cột trong gói"
                    ),
                    Lang::En => format!(
                        "`{text}` reads two ways ({p} if the dot is the decimal point and commas group thousands; {v} if the comma is the decimal comma and dots group thousands) and no other cell of the column tells which: write the number without a thousands separator, or declare `format: vi` or `format: plain` for the column in the pack"
                    ),
                }
            }
            NumberStyleTooLate { text, vi } => {
                let style = match (vi, lang) {
                    (true, Lang::Vi) => "dấu phẩy thập phân (1.234,5)",
                    (false, Lang::Vi) => "dấu chấm thập phân (1234.5)",
                    (true, Lang::En) => "a decimal comma (1.234,5)",
                    (false, Lang::En) => "a decimal point (1234.5)",
                };
                match lang {
                    Lang::Vi => format!(
                        "`{text}` đã được đọc theo cách khác với cột, mà cột viết số với {style}; dữ liệu từ ống không đọc lại được: đọc từ tệp, hoặc khai báo `format:` cho cột trong gói"
                    ),
                    Lang::En => format!(
                        "`{text}` was read another way than its column, which writes numbers with {style}; data from a pipe cannot be read again: read it from a file, or declare `format:` for the column in the pack"
                    ),
                }
            }
            // Another group's kind: see `words`.
            _ => return None,
        })
    }

    /// Dates and years.
    fn date_words(&self, lang: Lang) -> Option<String> {
        use DataErrorKind::*;
        Some(match self {
            MixedDates { real: (real, real_day), texts, more } => {
                let day_words = |day: &chrono::NaiveDate| crate::i18n::date_in_words(*day, lang);
                let mut cells: Vec<String> = texts
                    .iter()
                    .map(|(cell, text, day)| match lang {
                        Lang::Vi => format!("{cell} `{text}` (đọc là {})", day_words(day)),
                        Lang::En => format!("{cell} `{text}` (read as {})", day_words(day)),
                    })
                    .collect();
                let real_day = day_words(real_day);
                if *more > 0 {
                    cells.push(match lang {
                        Lang::Vi => format!("và {more} ô khác"),
                        Lang::En => format!("and {more} more"),
                    });
                }
                match lang {
                    Lang::Vi => format!(
                        "cột có ngày nhập đúng kiểu ngày (như ô {real}: {real_day}) lẫn ngày ghi bằng chữ: {}. Sổ tính mở trên máy cài đặt ngày kiểu khác thường sinh ra như vậy, và hai kiểu có thể bị đọc với ngày và tháng đảo chỗ: kiểm tra cả hai kiểu ô, rồi nhập lại thành ngày",
                        cells.join("; ")
                    ),
                    Lang::En => format!(
                        "the column holds real dates (such as {real}: {real_day}) and dates written as text: {}. A workbook opened on a machine with other date settings looks like this, and either kind may have been read with day and month swapped: check both kinds of cell, then enter them again as dates",
                        cells.join("; ")
                    ),
                }
            }
            TwoDigitYear { value } => match lang {
                Lang::Vi => format!(
                    "`{value}` ghi năm bằng hai chữ số, không biết là năm 20.. hay 19..: ghi đủ bốn chữ số (như 15/03/2015); trong Excel hay LibreOffice, chọn cho cột định dạng ngày dd/mm/yyyy rồi lưu lại CSV"
                ),
                Lang::En => format!(
                    "`{value}` has a two-digit year, which may be 20.. or 19..: write all four digits (as 15/03/2015); in Excel or LibreOffice, give the column the date format dd/mm/yyyy and save the CSV again"
                ),
            },
            NegativeInput { value, criterion, method } => {
                let m = method.map(|m| m.code()).unwrap_or("");
                match lang {
                    Lang::Vi => format!(
                        "tiêu chí `{criterion}` (cách chấm `{m}`) đọc được số âm {}: cách chấm này chỉ tính với số từ 0 trở lên (tỷ lệ, số đếm); sửa số liệu, hoặc chấm tiêu chí này theo `bands` hay `script` nếu số âm có nghĩa (tăng trưởng âm)",
                        value.normalize()
                    ),
                    Lang::En => format!(
                        "criterion `{criterion}` (method `{m}`) read a negative number {}: this method scores numbers from 0 up only (ratios, counts); correct the data, or score the criterion with `bands` or `script` if a negative value means something (negative growth)",
                        value.normalize()
                    ),
                }
            }
            DateOrderUnknown { column, text, day } => match lang {
                Lang::Vi => format!(
                    "cột ngày `{column}` không có ô nào có ngày lớn hơn 12, nên không biết tệp viết ngày trước hay tháng trước; đã đọc ngày trước (kiểu Việt Nam): `{text}` là ngày {} tháng {} năm {}. nếu tệp viết tháng trước (máy đặt kiểu Mỹ), hãy lưu lại với ngày dạng yyyy-mm-dd, cách viết không thể nhầm",
                    day.day(),
                    day.month(),
                    day.year()
                ),
                Lang::En => format!(
                    "date column `{column}` has no cell whose day is past 12, so whether the file writes the day or the month first cannot be told; read day first (as Vietnamese write dates): `{text}` is {}. if the file writes the month first (a machine set to US English), save it again with dates as yyyy-mm-dd, which cannot be misread",
                    day.format("%-d %B %Y")
                ),
            },
            // Another group's kind: see `words`.
            _ => return None,
        })
    }

    /// A scorecard's inputs, and pack tests' columns.
    fn score_input_words(&self, lang: Lang, field: &str) -> Option<String> {
        use DataErrorKind::*;
        Some(match self {
            PercentCell { value } => {
                let n = value.trim_end_matches('%').trim();
                match lang {
                    Lang::Vi => format!(
                        "ô `{value}` viết (hoặc định dạng) theo phần trăm, mà cột không khai báo tính bằng phần trăm: hiểu là {n} (điểm phần trăm) hay {n}/100 (phân số) tùy quy tắc, nên không đoán; viết số không có dấu %, hoặc khai báo `percent: true` cho cột trong gói nếu cột tính bằng điểm phần trăm (`70%` đọc là 70)"
                    ),
                    Lang::En => format!(
                        "cell `{value}` is written (or formatted) as a percentage, and the column does not say it counts in percent: whether it is {n} (percent points) or {n}/100 (a fraction) depends on the rules, so it is not guessed; write the number without %, or declare `percent: true` for the column in the pack if it counts in percent points (`70%` reads 70)"
                    ),
                }
            }
            UnknownGroup { key } => match lang {
                Lang::Vi => format!("--group `{key}`: dữ liệu không có cụm hay khối nào có mã này; kiểm tra lại mã"),
                Lang::En => format!("--group `{key}`: the data has no cluster with this code; check the code"),
            },
            UnknownSubject { key } => match lang {
                Lang::Vi => format!(
                    "--subject `{key}`: không có đối tượng nào có mã này trong dữ liệu được xét; kiểm tra lại mã (chữ hoa, chữ thường, số 0 ở đầu)"
                ),
                Lang::En => format!(
                    "--subject `{key}`: no subject has this key in the data checked; check the key (case, leading zeros)"
                ),
            },
            ImplausibleYear { year } => match lang {
                Lang::Vi => format!(
                    "năm `{year}` không phải một năm có thể có (cần năm đủ bốn chữ số, từ 1900 đến 2199): năm viết hai chữ số sẽ bị hiểu là năm {year} sau Công nguyên; viết đủ, ví dụ 2024"
                ),
                Lang::En => format!(
                    "`{year}` is not a plausible year (a four-digit year from 1900 to 2199 is needed): a two-digit year would be read as the year {year} AD; write it in full, e.g. 2024"
                ),
            },
            UnknownStage { value, known } => match lang {
                Lang::Vi => format!(
                    "vòng chấm `{value}` không có trong các vòng của bảng điểm ({}): dòng này sẽ không được tính ở vòng nào; sửa cho đúng tên vòng",
                    known.join(", ")
                ),
                Lang::En => format!(
                    "scoring stage `{value}` is not one of the scorecard's stages ({}): this row would count in no stage; write one of them",
                    known.join(", ")
                ),
            },
            StageAfterUntil { value, until } => match lang {
                Lang::Vi => format!(
                    "dòng của vòng `{value}`, sau vòng `{until}` mà lần chấm này tính đến (--stage {until}): bỏ dòng này khỏi tệp, hoặc chấm đến vòng `{value}`"
                ),
                Lang::En => format!(
                    "a row of stage `{value}`, after stage `{until}` this run scores up to (--stage {until}): remove the row from the file, or score up to `{value}`"
                ),
            },
            MissingStage { key, stage } => match lang {
                Lang::Vi => format!(
                    "đơn vị `{key}` có điểm ở vòng khác nhưng không có dòng của vòng cuối `{stage}`: xếp hạng và đề nghị khen thưởng theo vòng cuối, nên đơn vị sẽ bị bỏ khỏi bảng xếp hạng và đơn vị sau được đẩy lên; thêm dòng `{stage}` cho đơn vị"
                ),
                Lang::En => format!(
                    "unit `{key}` is scored at another stage but has no row for the final stage `{stage}`: ranking and proposals use the final stage, so the unit would drop out of the ranking and the next unit move up; add its `{stage}` row"
                ),
            },
            ManualOutOfRange { value, max } => match lang {
                Lang::Vi => format!("điểm chấm tay {} nằm ngoài khoảng 0..{}", value.normalize(), max.normalize()),
                Lang::En => format!("manual points {} outside 0..{}", value.normalize(), max.normalize()),
            },
            UnknownTestColumn => match lang {
                Lang::Vi => format!("cột `{field}` không có trong lược đồ của bảng dữ liệu"),
                Lang::En => format!("column `{field}` is not in the dataset's schema"),
            },
            // Another group's kind: see `words`.
            _ => return None,
        })
    }
}
