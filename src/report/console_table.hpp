#pragma once
// A plain-text table for the console summary: a label column on the left, one right-aligned
// column per target, section headings between groups of rows. Widths are counted in display
// columns (UTF-8 code points: every character chatbench prints, µ included, is one column).
// Not thread-safe; a value type.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chatbench::report {

/// ANSI styling, or plain text when colour is off.
struct Style {
  bool color = false;
  std::string paint(std::string_view text, std::string_view code) const {
    return color ? "\x1b[" + std::string(code) + "m" + std::string(text) + "\x1b[0m"
                 : std::string(text);
  }
  std::string bold(std::string_view text) const { return paint(text, "1"); }
  std::string good(std::string_view text) const { return paint(text, "32"); }
  std::string bad(std::string_view text) const { return paint(text, "31"); }
};

/// Columns `text` takes on a terminal: its UTF-8 code points.
std::size_t display_width(std::string_view text) noexcept;

/// `text` cut to at most `width` columns, ending in "…" when cut.
std::string truncate(std::string_view text, std::size_t width);

/// `text` padded with spaces to `width` columns (never cut).
std::string pad_right(std::string_view text, std::size_t width);
std::string pad_left(std::string_view text, std::size_t width);

/// `text` broken at spaces into lines of at most `width` columns; a word longer than that
/// stays whole on its own line. Empty text gives no lines.
std::vector<std::string> wrap(std::string_view text, std::size_t width);

class Table {
public:
  /// `headers`: one per value column (target names). `corner`: the label column's own header
  /// (a capacity table's "step"); "" leaves it blank.
  explicit Table(std::vector<std::string> headers, std::string corner = "");

  /// A row: a label and one cell per header (missing cells are blank, extra ones ignored).
  void add_row(std::string label, std::vector<std::string> cells);
  /// A heading line between groups of rows.
  void add_section(std::string title);

  /// The table as lines, each ending in '\n' and at most `max_width` columns when the labels
  /// and cells allow it: value columns share what the labels leave, and headers longer than
  /// their share are truncated. Rows are indented by two spaces under their section.
  std::string render(std::size_t max_width) const;
  /// The table as lines for tables of many columns (a capacity sweep's steps): headers are never
  /// truncated; when the columns do not fit in `max_width`, they go into blocks of columns that
  /// do (at least one each), one under the other with a blank line between, each repeating the
  /// label column. Otherwise as render().
  std::string render_blocks(std::size_t max_width) const;
  /// The table in GitHub-flavoured Markdown: a header row of the targets, value columns
  /// right-aligned, a section as a bold label row; '|' in text is escaped.
  std::string render_markdown() const;
  /// The table as an HTML <table class="summary">: a header row of the targets, a section as a
  /// row with one <th colspan>, value cells in <td class="num">; text is escaped.
  std::string render_html() const;

private:
  struct Row {
    bool section = false;
    std::string label;
    std::vector<std::string> cells;
  };

  std::size_t label_width() const;
  std::size_t column_width(std::size_t column) const; ///< its header and cells, whole
  std::string render_block(std::size_t first, std::size_t last, std::size_t label_width) const;

  std::vector<std::string> m_headers;
  std::string m_corner;
  std::vector<Row> m_rows;
};

} // namespace chatbench::report
