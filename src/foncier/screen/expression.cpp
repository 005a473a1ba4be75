#include "foncier/screen/expression.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace foncier::screen {

struct Expression::Node {
    enum class Kind { literal, field, logical_and, logical_or, logical_not, compare, in_list };
    Kind kind = Kind::literal;
    Value value;          // literal
    std::string name;     // field name, or comparison operator
    std::vector<std::unique_ptr<Node>> children;
};

namespace {

using Node = Expression::Node;

struct Token {
    enum class Kind { number, string, word, op, lparen, rparen, comma, end };
    Kind kind = Kind::end;
    std::string text;
    std::size_t column = 0;  // 1-based
};

std::vector<Token> tokenize(const std::string& s) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        const std::size_t col = i + 1;
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            ++i;
        } else if (std::isdigit(static_cast<unsigned char>(c)) != 0 ||
                   (c == '-' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])) != 0 &&
                    (out.empty() || out.back().kind == Token::Kind::op || out.back().kind == Token::Kind::lparen ||
                     out.back().kind == Token::Kind::comma || out.back().kind == Token::Kind::word))) {
            std::size_t j = i + 1;
            while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) != 0 || s[j] == '.')) ++j;
            out.push_back({Token::Kind::number, s.substr(i, j - i), col});
            i = j;
        } else if (c == '\'' || c == '"') {
            const auto j = s.find(c, i + 1);
            if (j == std::string::npos) throw ExpressionError("unterminated string starting at column " + std::to_string(col), col);
            out.push_back({Token::Kind::string, s.substr(i + 1, j - i - 1), col});
            i = j + 1;
        } else if (std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_') {
            std::size_t j = i + 1;
            while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) != 0 || s[j] == '_')) ++j;
            out.push_back({Token::Kind::word, s.substr(i, j - i), col});
            i = j;
        } else if (c == '(' || c == ')' || c == ',') {
            out.push_back({c == '(' ? Token::Kind::lparen : c == ')' ? Token::Kind::rparen : Token::Kind::comma,
                           std::string(1, c), col});
            ++i;
        } else if (c == '<' || c == '>' || c == '=' || c == '!') {
            std::string op(1, c);
            if (i + 1 < s.size() && (s[i + 1] == '=' || (c == '<' && s[i + 1] == '>'))) op += s[i + 1];
            if (op == "!") throw ExpressionError("unexpected '!' at column " + std::to_string(col) + " (use != or not)", col);
            out.push_back({Token::Kind::op, op, col});
            i += op.size();
        } else {
            throw ExpressionError(std::string("unexpected '") + c + "' at column " + std::to_string(col), col);
        }
    }
    out.push_back({Token::Kind::end, "", s.size() + 1});
    return out;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

class Parser {
public:
    Parser(const std::string& text, const std::vector<std::string>& fields)
        : m_tokens(tokenize(text)), m_fields(fields) {}

    std::unique_ptr<Node> parse() {
        auto node = parse_or();
        if (peek().kind != Token::Kind::end) fail("unexpected '" + peek().text + "'", peek());
        return node;
    }

private:
    const Token& peek() const { return m_tokens[m_pos]; }
    const Token& next() { return m_tokens[m_pos++]; }
    bool keyword(const char* word) const { return peek().kind == Token::Kind::word && lower(peek().text) == word; }

    [[noreturn]] void fail(const std::string& what, const Token& at) const {
        throw ExpressionError(what + " at column " + std::to_string(at.column), at.column);
    }

    std::unique_ptr<Node> binary(Node::Kind kind, std::unique_ptr<Node> a, std::unique_ptr<Node> b) {
        auto n = std::make_unique<Node>();
        n->kind = kind;
        n->children.push_back(std::move(a));
        n->children.push_back(std::move(b));
        return n;
    }

    // Counts the open parentheses and `not`s on the way down: the parser, the evaluation and
    // the destruction of the tree recurse once per level, and a hostile --where could nest
    // deeply enough to overflow the stack.
    class Level {
    public:
        Level(Parser& p, const Token& at) : m_p(p) {
            if (++m_p.m_depth > k_max_nesting) {
                m_p.fail("nesting deeper than " + std::to_string(k_max_nesting) +
                             " levels of parentheses or 'not'; write the condition flatter",
                         at);
            }
        }
        Level(const Level&) = delete;
        Level& operator=(const Level&) = delete;
        ~Level() { --m_p.m_depth; }

    private:
        Parser& m_p;
    };

    // `a or b or c ...` is one node with every term as a child (a chain of binary nodes would
    // be as deep as it is long).
    std::unique_ptr<Node> parse_or() {
        auto left = parse_and();
        if (!keyword("or")) return left;
        auto n = std::make_unique<Node>();
        n->kind = Node::Kind::logical_or;
        n->children.push_back(std::move(left));
        while (keyword("or")) {
            next();
            n->children.push_back(parse_and());
        }
        return n;
    }

    std::unique_ptr<Node> parse_and() {
        auto left = parse_not();
        if (!keyword("and")) return left;
        auto n = std::make_unique<Node>();
        n->kind = Node::Kind::logical_and;
        n->children.push_back(std::move(left));
        while (keyword("and")) {
            next();
            n->children.push_back(parse_not());
        }
        return n;
    }

    std::unique_ptr<Node> parse_not() {
        if (keyword("not")) {
            const Level level(*this, peek());
            next();
            auto n = std::make_unique<Node>();
            n->kind = Node::Kind::logical_not;
            n->children.push_back(parse_not());
            return n;
        }
        return parse_comparison();
    }

    std::unique_ptr<Node> parse_comparison() {
        auto left = parse_primary();
        if (peek().kind == Token::Kind::op) {
            const std::string op = next().text;
            auto n = binary(Node::Kind::compare, std::move(left), parse_primary());
            n->name = op == "==" ? "=" : (op == "<>" ? "!=" : op);
            return n;
        }
        if (keyword("in")) {
            next();
            if (peek().kind != Token::Kind::lparen) fail("expected '(' after 'in'", peek());
            next();
            auto n = std::make_unique<Node>();
            n->kind = Node::Kind::in_list;
            n->children.push_back(std::move(left));
            for (;;) {
                n->children.push_back(parse_primary());
                if (peek().kind == Token::Kind::comma) {
                    next();
                    continue;
                }
                if (peek().kind != Token::Kind::rparen) fail("expected ',' or ')' in the list", peek());
                next();
                break;
            }
            return n;
        }
        return left;
    }

    std::unique_ptr<Node> parse_primary() {
        const Token& t = peek();
        auto n = std::make_unique<Node>();
        switch (t.kind) {
        case Token::Kind::number: {
            next();
            std::size_t used = 0;
            try {
                n->value = std::stod(t.text, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used != t.text.size()) fail("bad number '" + t.text + "'", t);
            return n;
        }
        case Token::Kind::string:
            next();
            n->value = t.text;
            return n;
        case Token::Kind::word: {
            if (lower(t.text) == "and" || lower(t.text) == "or" || lower(t.text) == "not" || lower(t.text) == "in") {
                fail("unexpected '" + t.text + "'", t);
            }
            if (std::find(m_fields.begin(), m_fields.end(), t.text) == m_fields.end()) {
                std::string list;
                for (const auto& f : m_fields) list += (list.empty() ? "" : ", ") + f;
                fail("unknown field '" + t.text + "' (valid fields: " + list + ")", t);
            }
            next();
            n->kind = Node::Kind::field;
            n->name = t.text;
            return n;
        }
        case Token::Kind::lparen: {
            const Level level(*this, t);
            next();
            auto inner = parse_or();
            if (peek().kind != Token::Kind::rparen) fail("expected ')'", peek());
            next();
            return inner;
        }
        case Token::Kind::end: fail("the expression ends too early", t);
        default: fail("unexpected '" + t.text + "'", t);
        }
    }

    std::vector<Token> m_tokens;
    const std::vector<std::string>& m_fields;
    std::size_t m_pos = 0;
    int m_depth = 0;
};

Value evaluate_value(const Node& n, const Record& r) {
    if (n.kind == Node::Kind::literal) return n.value;
    if (n.kind == Node::Kind::field) {
        auto it = r.find(n.name);
        return it == r.end() ? Value{} : it->second;
    }
    return Value{};
}

// Compares numbers as numbers and text case- and space-insensitively.
std::optional<int> compare(const Value& a, const Value& b) {
    if (is_null(a) || is_null(b)) return std::nullopt;
    const auto x = to_number(a);
    const auto y = to_number(b);
    const bool text = std::holds_alternative<std::string>(a) || std::holds_alternative<std::string>(b);
    if (x && y && !(text && (!to_number(a) || !to_number(b)))) return *x < *y ? -1 : (*x > *y ? 1 : 0);
    const std::string s = lower(to_text(a));
    const std::string t = lower(to_text(b));
    return s < t ? -1 : (s > t ? 1 : 0);
}

bool evaluate(const Node& n, const Record& r) {
    switch (n.kind) {
    case Node::Kind::logical_and:
        return std::all_of(n.children.begin(), n.children.end(), [&](const auto& c) { return evaluate(*c, r); });
    case Node::Kind::logical_or:
        return std::any_of(n.children.begin(), n.children.end(), [&](const auto& c) { return evaluate(*c, r); });
    case Node::Kind::logical_not: return !evaluate(*n.children[0], r);
    case Node::Kind::compare: {
        const auto c = compare(evaluate_value(*n.children[0], r), evaluate_value(*n.children[1], r));
        if (!c) return false;
        if (n.name == "=") return *c == 0;
        if (n.name == "!=") return *c != 0;
        if (n.name == "<") return *c < 0;
        if (n.name == "<=") return *c <= 0;
        if (n.name == ">") return *c > 0;
        return *c >= 0;
    }
    case Node::Kind::in_list: {
        const Value v = evaluate_value(*n.children[0], r);
        for (std::size_t i = 1; i < n.children.size(); ++i) {
            const auto c = compare(v, evaluate_value(*n.children[i], r));
            if (c && *c == 0) return true;
        }
        return false;
    }
    case Node::Kind::field: {
        const Value v = evaluate_value(n, r);
        return !is_null(v) && to_text(v) != "0";
    }
    case Node::Kind::literal: return !is_null(n.value);
    }
    return false;
}

}  // namespace

Expression::Expression(const std::string& text, const std::vector<std::string>& fields)
    : m_text(text), m_root(Parser(text, fields).parse()) {}
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;
Expression::~Expression() = default;

bool Expression::matches(const Record& record) const { return evaluate(*m_root, record); }

std::optional<Gap> Expression::gap(const Record& record) const {
    const Node& n = *m_root;
    if (n.kind != Node::Kind::compare || n.children[0]->kind != Node::Kind::field ||
        n.children[1]->kind != Node::Kind::literal || matches(record)) {
        return std::nullopt;
    }
    const auto value = to_number(evaluate_value(*n.children[0], record));
    const auto limit = to_number(n.children[1]->value);
    if (!value || !limit) return std::nullopt;
    return Gap{n.children[0]->name, n.name, *limit, *value};
}

std::vector<std::string> Expression::fields() const {
    std::vector<std::string> out;
    std::vector<const Node*> todo{m_root.get()};
    while (!todo.empty()) {
        const Node* n = todo.back();
        todo.pop_back();
        if (n == nullptr) continue;
        if (n->kind == Node::Kind::field) out.push_back(n->name);
        for (const auto& c : n->children) todo.push_back(c.get());
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace foncier::screen
