#pragma once
// The small filter language of `foncier query --where` and of the needs files:
//   surf_ha >= 3 and interchange_m <= 5000 and (flood_share <= 0.1 or statut = 'friche sans projet')
//   epci in ('245400601', '200041515') and not classe = 'E'
// Parsed by our own recursive-descent parser over a known list of fields, evaluated on
// records in memory: it never reaches SQL, so nothing can be injected. A null value makes
// every comparison false.

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "foncier/core/error.hpp"
#include "foncier/core/value.hpp"

namespace foncier::screen {

/// A syntax error or an unknown field, with the 1-based column where it was found.
class ExpressionError : public ConfigError {
public:
    ExpressionError(const std::string& message, std::size_t column)
        : ConfigError(message), m_column(column) {}
    [[nodiscard]] std::size_t column() const noexcept { return m_column; }

private:
    std::size_t m_column;
};

using Record = std::map<std::string, Value>;

/// Levels of parentheses and `not` an expression may nest (deeper is refused with an
/// ExpressionError): bounds the recursion of parsing, evaluating and freeing it.
inline constexpr int k_max_nesting = 64;

/// For a failed single comparison `field op number`: how far the value is from passing.
struct Gap {
    std::string field;
    std::string op;
    double limit = 0.0;
    double value = 0.0;
};

class Expression {
public:
    /// Throws ExpressionError naming the column and, for unknown fields, the valid ones.
    Expression(const std::string& text, const std::vector<std::string>& fields);
    Expression(const Expression&) = delete;
    Expression& operator=(const Expression&) = delete;
    Expression(Expression&&) noexcept;
    Expression& operator=(Expression&&) noexcept;
    ~Expression();

    [[nodiscard]] bool matches(const Record& record) const;
    /// When the expression is one numeric comparison that `record` fails: the gap.
    [[nodiscard]] std::optional<Gap> gap(const Record& record) const;
    [[nodiscard]] const std::string& text() const noexcept { return m_text; }
    /// The fields the expression reads, sorted, each once.
    [[nodiscard]] std::vector<std::string> fields() const;

    struct Node;

private:
    std::string m_text;
    std::unique_ptr<Node> m_root;
};

}  // namespace foncier::screen
