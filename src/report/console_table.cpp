#include "report/console_table.hpp"

#include "report/junit.hpp"

#include <algorithm>

namespace chatbench::report {
namespace {

constexpr std::size_t k_indent = 2;
constexpr std::size_t k_gap = 2;        // spaces before each value column
constexpr std::size_t k_min_column = 8; // a value column is never narrower
constexpr std::string_view k_ellipsis = "…";

bool is_continuation(char c) noexcept {
  return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

} // namespace

std::size_t display_width(std::string_view text) noexcept {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !is_continuation(c); }));
}

std::string truncate(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) {
    return std::string(text);
  }
  if (width == 0) {
    return "";
  }
  std::string out;
  std::size_t columns = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!is_continuation(text[i]) && ++columns == width) {
      break; // the last column is the ellipsis
    }
    out += text[i];
  }
  return out + std::string(k_ellipsis);
}

std::string pad_right(std::string_view text, std::size_t width) {
  const std::size_t w = display_width(text);
  return std::string(text) + std::string(w < width ? width - w : 0, ' ');
}

std::string pad_left(std::string_view text, std::size_t width) {
  const std::size_t w = display_width(text);
  return std::string(w < width ? width - w : 0, ' ') + std::string(text);
}

std::vector<std::string> wrap(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t space = text.find(' ', start);
    const std::size_t end = space == std::string_view::npos ? text.size() : space;
    const std::string_view word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty()) {
      continue;
    }
    if (!line.empty() && display_width(line) + 1 + display_width(word) > width) {
      lines.push_back(std::move(line));
      line.clear();
    }
    line += (line.empty() ? "" : " ") + std::string(word);
  }
  if (!line.empty()) {
    lines.push_back(std::move(line));
  }
  return lines;
}

Table::Table(std::vector<std::string> headers, std::string corner)
    : m_headers(std::move(headers)), m_corner(std::move(corner)) {}

void Table::add_row(std::string label, std::vector<std::string> cells) {
  cells.resize(m_headers.size());
  m_rows.push_back({false, std::move(label), std::move(cells)});
}

void Table::add_section(std::string title) {
  m_rows.push_back({true, std::move(title), {}});
}

namespace {

std::string markdown_cell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') {
      out += "\\|";
    } else {
      out += c == '\n' ? ' ' : c;
    }
  }
  return out;
}

} // namespace

std::string Table::render_markdown() const {
  std::string out = m_corner.empty() ? "| |" : "| " + markdown_cell(m_corner) + " |";
  std::string rule = "|---|";
  for (const std::string &header : m_headers) {
    out += " " + markdown_cell(header) + " |";
    rule += "---:|";
  }
  out += "\n" + rule + "\n";
  for (const Row &row : m_rows) {
    out += "| " +
           (row.section ? "**" + markdown_cell(row.label) + "**" : markdown_cell(row.label)) + " |";
    for (std::size_t c = 0; c < m_headers.size(); ++c) {
      out += row.section ? " |" : " " + markdown_cell(row.cells[c]) + " |";
    }
    out += '\n';
  }
  return out;
}

std::string Table::render_html() const {
  std::string out = "<table class=\"summary\">\n<thead><tr><th>" + xml_escape(m_corner) + "</th>";
  for (const std::string &header : m_headers) {
    out += "<th>" + xml_escape(header) + "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const Row &row : m_rows) {
    if (row.section) {
      out += "<tr class=\"section\"><th colspan=\"" + std::to_string(m_headers.size() + 1) + "\">" +
             xml_escape(row.label) + "</th></tr>\n";
      continue;
    }
    out += "<tr><th>" + xml_escape(row.label) + "</th>";
    for (std::size_t c = 0; c < m_headers.size(); ++c) {
      out += "<td class=\"num\">" + xml_escape(c < row.cells.size() ? row.cells[c] : "") + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string Table::render(std::size_t max_width) const {
  const std::size_t labels = label_width();
  const std::size_t columns = std::max<std::size_t>(1, m_headers.size());
  const std::size_t left = max_width > labels ? max_width - labels : 0;
  const std::size_t each = left / columns;
  const std::size_t share = std::max(k_min_column, each > k_gap ? each - k_gap : 0);
  std::vector<std::size_t> widths(m_headers.size(), 0);
  for (std::size_t c = 0; c < m_headers.size(); ++c) {
    widths[c] = std::min(share, display_width(m_headers[c]));
    for (const Row &row : m_rows) {
      if (!row.section) {
        widths[c] = std::max(widths[c], display_width(row.cells[c]));
      }
    }
  }
  std::string out = m_corner.empty()
                        ? std::string(labels, ' ')
                        : std::string(k_indent, ' ') + pad_right(m_corner, labels - k_indent);
  for (std::size_t c = 0; c < m_headers.size(); ++c) {
    out += std::string(k_gap, ' ') + pad_left(truncate(m_headers[c], widths[c]), widths[c]);
  }
  out += '\n';
  for (const Row &row : m_rows) {
    if (row.section) {
      out += row.label + '\n';
      continue;
    }
    std::string line = std::string(k_indent, ' ') + pad_right(row.label, labels - k_indent);
    for (std::size_t c = 0; c < m_headers.size(); ++c) {
      line += std::string(k_gap, ' ') + pad_left(row.cells[c], widths[c]);
    }
    // Blank trailing cells would leave trailing spaces.
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + '\n';
  }
  return out;
}

std::size_t Table::label_width() const {
  std::size_t width = m_corner.empty() ? 0 : display_width(m_corner) + k_indent;
  for (const Row &row : m_rows) {
    width = std::max(width, display_width(row.label) + (row.section ? 0 : k_indent));
  }
  return width;
}

std::size_t Table::column_width(std::size_t column) const {
  std::size_t width = display_width(m_headers[column]);
  for (const Row &row : m_rows) {
    width = row.section ? width : std::max(width, display_width(row.cells[column]));
  }
  return width;
}

// Value columns [first, last) under the label column.
std::string Table::render_block(std::size_t first, std::size_t last, std::size_t label) const {
  std::vector<std::size_t> widths(m_headers.size(), 0);
  for (std::size_t c = first; c < last; ++c) {
    widths[c] = column_width(c);
  }
  const auto line = [&](std::string_view head, const std::vector<std::string> &cells) {
    std::string out = std::string(k_indent, ' ') + pad_right(head, label - k_indent);
    for (std::size_t c = first; c < last; ++c) {
      out += std::string(k_gap, ' ') + pad_left(cells[c], widths[c]);
    }
    out.erase(out.find_last_not_of(' ') + 1);
    return out + '\n';
  };
  std::string out = line(m_corner, m_headers);
  for (const Row &row : m_rows) {
    out += row.section ? row.label + '\n' : line(row.label, row.cells);
  }
  return out;
}

std::string Table::render_blocks(std::size_t max_width) const {
  const std::size_t label = std::max(label_width(), k_indent);
  std::string out;
  std::size_t first = 0;
  while (first < m_headers.size()) {
    std::size_t used = label;
    std::size_t last = first;
    for (; last < m_headers.size(); ++last) {
      const std::size_t width = column_width(last);
      if (last > first && used + k_gap + width > max_width) {
        break;
      }
      used += k_gap + width;
    }
    out += (first == 0 ? "" : "\n") + render_block(first, last, label);
    first = last;
  }
  return out;
}

} // namespace chatbench::report
