#pragma once
// A scoring profile: criteria mapping a site's measures to impacts, weights, the aggregation
// method, exclusion rules and class thresholds, for one or several uses. Pure data; read
// from TOML by load_profile() (profile_loader.cpp), documented in geodata/profiles/README.md.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace foncier::scoring {

/// Mutafriches' five-step scale. Neutral is a value of its own: how it counts depends on the
/// aggregation (Mutafriches: +0.5 on both sides; pure: nothing).
enum class Impact { very_negative = -2, negative = -1, neutral = 0, positive = 1, very_positive = 2 };

/// Parses "TN", "NEG", "N", "P", "TP" or "--", "-", "0", "+", "++".
[[nodiscard]] std::optional<Impact> parse_impact(const std::string& token);
[[nodiscard]] const char* to_string(Impact impact) noexcept;
[[nodiscard]] inline int value(Impact impact) noexcept { return static_cast<int>(impact); }

/// A numeric band: values `< limit` (lt), `<= limit` (le), or every value left (otherwise).
struct Band {
    enum class Bound { lt, le, otherwise };
    Bound bound = Bound::otherwise;
    double limit = 0.0;
    std::vector<Impact> impacts;  ///< one per use
    [[nodiscard]] bool contains(double v) const noexcept {
        return bound == Bound::otherwise || (bound == Bound::lt ? v < limit : v <= limit);
    }
};

struct Category {
    std::string value;
    std::vector<Impact> impacts;  ///< one per use
};

/// How a value is printed in explanations and motifs.
enum class Format { number, ha, km, m, percent, text };

struct Criterion {
    std::string name;     ///< key in the profile, e.g. "surface"
    std::string label;    ///< words for motifs, e.g. "surface"
    std::string measure;  ///< the site measure it reads, e.g. "surf_m2"
    double weight = 0.0;
    Format format = Format::number;
    bool numeric = false;
    std::vector<Band> bands;           ///< numeric criteria, ordered
    std::vector<Category> categories;  ///< categorical criteria
    std::vector<std::string> unknown_values;         ///< values meaning "not known" ("inconnu")
    std::vector<std::string> not_applicable_values;  ///< values meaning "does not apply" ("sans objet")
    /// How "searched, none found" is scored: a number to band, a category, or nothing (then
    /// the criterion is skipped in the score but counts as known for reliability).
    std::optional<double> none_found_number;
    std::optional<std::string> none_found_value;
    /// A value derived from another measure when the site gives none (Mutafriches derives
    /// raccordementEau from surfaceBati): `then` above `gt`, else `otherwise`; "none found"
    /// for the other measure gives `otherwise`, unknown stays unknown.
    struct Derivation {
        std::string measure;
        double gt = 0.0;
        std::string then;
        std::string otherwise;
    };
    std::optional<Derivation> derive;
    int line = 0;  ///< line of the criterion in the profile file
};

/// When every condition holds (criterion name -> category value, or a measure's value),
/// the listed uses are excluded (all uses when `uses` is empty).
struct Exclusion {
    std::string label;
    std::vector<std::pair<std::string, std::string>> when;  ///< criterion name -> value
    std::vector<std::string> uses;
};

struct ClassThreshold {
    std::string name;   ///< "A"
    double min = 0.0;   ///< lowest score of the class, 0..100
    std::string label;  ///< "Excellent"
};

enum class Aggregation {
    mutafriches,  ///< A/(A+C), neutral adds weight/2 to both sides (ADEME's Excel logic)
    pure,         ///< A/(A+C), neutral adds nothing: only advantages and constraints count
    mean          ///< weighted mean impact of the known criteria, -2..+2 mapped to 0..100
};

[[nodiscard]] const char* to_string(Aggregation a) noexcept;

struct Profile {
    std::string name;
    std::string title;
    std::string path;
    std::string version;
    std::vector<std::string> uses;  ///< at least one
    std::vector<Criterion> criteria;
    Aggregation aggregation = Aggregation::pure;
    std::vector<ClassThreshold> classes;  ///< descending `min`, the last one has min 0
    std::vector<Exclusion> exclusions;
    double weight_step = 0.5;  ///< step used by the sensitivity analysis
    /// A known value the profile does not list: unknown (false, the default: left out and
    /// lowers the reliability) or known but not scored (true: Mutafriches counts it in the
    /// reliability and leaves it out of the sums, e.g. zonagePatrimonial = monument-historique).
    bool unlisted_known = false;

    [[nodiscard]] double total_weight() const noexcept;
    [[nodiscard]] const Criterion* find(const std::string& criterion) const noexcept;
    [[nodiscard]] std::size_t use_index(const std::string& use) const;  ///< npos when absent
};

/// Reads and checks a profile. Throws ConfigError naming the file, the line and the
/// criterion (unknown key, missing weight, unordered or overlapping bands, impacts that do
/// not match the uses, exclusions naming unknown criteria or values, ...).
[[nodiscard]] Profile load_profile(const std::string& path);

}  // namespace foncier::scoring
