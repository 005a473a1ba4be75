#include "foncier/scoring/explain.hpp"

#include <cstdio>
#include <sstream>

namespace foncier::scoring {

namespace {

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// Pads by code points, not bytes, so accented labels keep the columns aligned.
std::string pad(const std::string& s, std::size_t width) {
    std::size_t points = 0;
    for (char c : s) points += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return points >= width ? s + " " : s + std::string(width - points, ' ');
}

std::string contribution(const Profile& p, Impact impact, double weight) {
    if (impact == Impact::neutral) {
        return p.aggregation == Aggregation::mutafriches ? "±" + fixed(weight / 2, 2) : "0";
    }
    const double points = value(impact) * weight;
    return (points > 0 ? "+" : "\u2212") + fixed(points > 0 ? points : -points, 2);
}

}  // namespace

std::string explain(const Profile& p, const SiteScore& s, const SiteHeader& h) {
    std::ostringstream out;
    const UseResult& best = s.best_use();
    out << "Site " << h.site_id;
    if (!h.nom.empty()) out << " — " << h.nom;
    if (!h.place.empty()) out << " — " << h.place;
    out << "\nProfile " << p.name << (p.title.empty() ? "" : " (" + p.title + ")") << ", "
        << (p.aggregation == Aggregation::pure   ? "pure aggregation: neutral criteria add nothing"
            : p.aggregation == Aggregation::mean ? "mean aggregation: 50 + 25 x mean impact of the known criteria"
                                                 : "Mutafriches aggregation: neutral counts half on each side")
        << "\n";
    if (s.excluded) {
        out << "Excluded:";
        for (const auto& label : best.exclusions) out << " " << label;
        out << "\n";
    } else {
        const auto& cls = classify(p, best.index);
        out << "Score " << fixed(best.index, 1) << " / 100, class " << cls.name
            << (cls.label.empty() ? "" : " (" + cls.label + ")");
        if (h.rank) out << ", rank " << *h.rank << " of " << h.ranked;
        out << "\n";
    }
    out << "Reliability " << fixed(s.reliability, 1) << " / 10; with the unknown criteria at their worst / best: "
        << fixed(best.index_min, 1) << " .. " << fixed(best.index_max, 1) << "\n";
    if (p.uses.size() > 1) {
        out << "\nUse                 index   A       C\n";
        for (const auto& u : s.uses) {
            out << pad(u.use, 20) << pad(fixed(u.index, 1), 8) << pad(fixed(u.advantages, 1), 8)
                << fixed(u.constraints, 1) << (u.excluded() ? "  excluded" : "") << (&u == &best ? "  <- best" : "")
                << "\n";
        }
        out << "Criteria below for the use '" << best.use << "'.\n";
    }
    out << "\n"
        << pad("criterion", 32) << pad("value", 26) << pad("impact", 8) << pad("weight", 8) << pad("points", 9)
        << "note\n";
    for (const auto& r : s.criteria) {
        const Criterion& c = *r.criterion;
        const std::string value_text = r.input.state == State::known ? format_value(c, r.input)
                                                                     : std::string(to_string(r.input.state));
        std::string impact = "?";
        std::string points = "-";
        std::string note = r.input.note;
        if (r.scored) {
            impact = to_string(r.impacts[s.best]);
            points = contribution(p, r.impacts[s.best], c.weight);
            if (!r.matched.empty() && r.input.state != State::known) note = r.matched + " (" + note + ")";
        } else {
            impact = r.input.state == State::not_applicable ? "n/a" : "?";
            note = r.why;
        }
        out << pad(c.label, 32) << pad(value_text, 26) << pad(impact, 8) << pad(fixed(c.weight, 1), 8) << pad(points, 9)
            << note << "\n";
    }
    out << "\nA (advantages) = " << fixed(best.advantages, 2) << ", C (constraints) = " << fixed(best.constraints, 2)
        << (p.aggregation == Aggregation::mean ? ", index = 50 + 25 x (A - C) / weight of the scored criteria\n"
                                               : ", index = A / (A + C)\n");
    const std::string m = motifs(s);
    if (!m.empty()) out << "Motifs: " << m << "\n";
    return out.str();
}

}  // namespace foncier::scoring
