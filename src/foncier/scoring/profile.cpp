#include "foncier/scoring/profile.hpp"

#include <algorithm>

namespace foncier::scoring {

std::optional<Impact> parse_impact(const std::string& token) {
    if (token == "TN" || token == "--") return Impact::very_negative;
    if (token == "NEG" || token == "-") return Impact::negative;
    if (token == "N" || token == "0") return Impact::neutral;
    if (token == "P" || token == "+") return Impact::positive;
    if (token == "TP" || token == "++") return Impact::very_positive;
    return std::nullopt;
}

const char* to_string(Impact impact) noexcept {
    switch (impact) {
    case Impact::very_negative: return "--";
    case Impact::negative: return "-";
    case Impact::neutral: return "0";
    case Impact::positive: return "+";
    case Impact::very_positive: return "++";
    }
    return "?";
}

const char* to_string(Aggregation a) noexcept {
    switch (a) {
    case Aggregation::mutafriches: return "mutafriches";
    case Aggregation::pure: return "pure";
    case Aggregation::mean: return "mean";
    }
    return "?";
}

double Profile::total_weight() const noexcept {
    double w = 0.0;
    for (const auto& c : criteria) w += c.weight;
    return w;
}

const Criterion* Profile::find(const std::string& criterion) const noexcept {
    auto it = std::find_if(criteria.begin(), criteria.end(), [&](const Criterion& c) { return c.name == criterion; });
    return it == criteria.end() ? nullptr : &*it;
}

std::size_t Profile::use_index(const std::string& use) const {
    auto it = std::find(uses.begin(), uses.end(), use);
    return it == uses.end() ? std::string::npos : static_cast<std::size_t>(it - uses.begin());
}

}  // namespace foncier::scoring
