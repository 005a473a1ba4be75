#include "foncier/cnig/validator.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "foncier/cnig/detail.hpp"
#include "foncier/core/error.hpp"
#include "foncier/io/reader.hpp"

namespace foncier::cnig {

using detail::Row;

std::size_t Report::count(Severity s) const {
    return static_cast<std::size_t>(
        std::count_if(problems.begin(), problems.end(), [s](const Problem& p) { return p.severity == s; }));
}

const std::vector<std::pair<std::string, std::string>>& rules() {
    static const std::vector<std::pair<std::string, std::string>> all = {
        {"file.encoding", "the file is not UTF-8, or holds NUL characters"},
        {"header.missing_column", "a column of the standard is absent"},
        {"header.urba_zaer_missing", "the column urba_zaer (required since schema v1.0.6) is absent"},
        {"header.unknown_column", "a column is not in the standard (legacy names are recognised)"},
        {"header.layer_geometry", "the geometry comes from the layer, not from WKT columns"},
        {"value.required", "a required value is empty"},
        {"value.type", "a value is not of the field's type (integer, number, ISO date, year)"},
        {"value.enum", "a value is not one of the exact strings of the enumeration"},
        {"value.pattern", "a value (or one token of a pipe-separated list) does not match the field's pattern"},
        {"value.standard_list", "a value is not in the list of the standard's text (the schema does not enforce it)"},
        {"row.date_order", "site_identif_date is after site_actu_date"},
        {"row.year_order", "local_ancien_annee is after local_recent_annee"},
        {"row.id_prefix", "site_id does not start with comm_insee followed by '_'"},
        {"row.id_format", "an id is not <INSEE>_<CLASSE>_<number> (Sites Économiques)"},
        {"row.siret", "a SIRET is not 14 digits with a valid check digit, or does not begin with the SIREN"},
        {"row.surface", "a surface in hectares is negative or implausible"},
        {"table.duplicate_id", "the same id appears on several rows"},
        {"geom.parse", "a geometry value is not parseable WKT (or GeoJSON where the standard says so)"},
        {"geom.format", "a geometry is GeoJSON where the standard asks for WKT"},
        {"geom.ring_closed", "a polygon ring was not closed; it was closed by repeating its first point"},
        {"geom.invalid", "a polygon is invalid (self-intersection, ...)"},
        {"geom.crs", "coordinates are not plausible in the declared or guessed CRS"},
        {"geom.axis_order", "coordinates are written (latitude longitude)"},
        {"geom.overlap", "two friches overlap (the standard forbids it)"},
        {"geom.duplicate", "two friches overlap by more than 10 % of the smaller: probable duplicate"},
        {"geom.commune", "the commune at the site's location is not comm_insee"},
    };
    return all;
}

namespace detail {
void add(Report& r, const Row* row, std::string rule, Severity severity, std::string field, std::string value,
         std::string message, std::string fix) {
    r.problems.push_back({std::move(rule), severity, row != nullptr ? row->line : 0, row != nullptr ? row->id : "",
                          std::move(field), std::move(value), std::move(message), std::move(fix), std::nullopt});
}
}  // namespace detail

namespace {

using detail::add;

Dialect sniff(const std::string& path) {
    Dialect d;
    std::string ext = path.substr(path.find_last_of('.') + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    d.csv = ext == "csv";
    if (!d.csv) return d;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    d.bom = text.rfind("\xEF\xBB\xBF", 0) == 0;
    const std::string header = text.substr(0, text.find_first_of("\r\n"));
    const auto commas = std::count(header.begin(), header.end(), ',');
    const auto semicolons = std::count(header.begin(), header.end(), ';');
    const auto tabs = std::count(header.begin(), header.end(), '\t');
    d.separator = semicolons > commas && semicolons >= tabs ? ';' : (tabs > commas ? '\t' : ',');
    // Each line end is one of CRLF (Windows), LF (Unix) or a lone CR (classic Mac OS).
    std::size_t crlf = 0, lf = 0, cr = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            const bool pair = i + 1 < text.size() && text[i + 1] == '\n';
            (pair ? crlf : cr) += 1;
            i += pair ? 1 : 0;
        } else if (text[i] == '\n') {
            ++lf;
        }
    }
    std::vector<std::string> kinds;
    if (crlf > 0) kinds.emplace_back("CRLF");
    if (lf > 0) kinds.emplace_back("LF");
    if (cr > 0) kinds.emplace_back("CR");
    if (kinds.empty()) {
        d.line_ending = "no";
    } else if (kinds.size() == 1) {
        d.line_ending = kinds.front();
    } else {
        d.line_ending = "mixed";
        for (std::size_t k = 0; k < kinds.size(); ++k) d.line_ending += (k == 0 ? " (" : ", ") + kinds[k];
        d.line_ending += ")";
    }
    return d;
}

bool valid_date(const std::string& s) {
    static const std::regex iso(R"(^(\d{4})-(\d{2})-(\d{2})$)");
    std::smatch m;
    if (!std::regex_match(s, m, iso)) return false;
    const int y = std::stoi(m[1]), mo = std::stoi(m[2]), d = std::stoi(m[3]);
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1]) return false;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(mo == 2 && d == 29 && !leap);
}

bool valid_year(const std::string& s) { return std::regex_match(s, std::regex(R"(^\d{4}$)")); }

std::string suggestion(const std::vector<std::string>& allowed, const std::string& value) {
    for (const auto& a : allowed) {
        if (fold(a) == fold(value)) return a;
    }
    return {};
}

std::string list(const std::vector<std::string>& values, std::size_t max = 8) {
    std::string out;
    for (std::size_t i = 0; i < values.size() && i < max; ++i) out += (i ? ", \"" : "\"") + values[i] + "\"";
    if (values.size() > max) out += ", ...";
    return out;
}

// Pipe-separated lists whose schema pattern uses back-references: checked token by token.
struct TokenRule {
    std::regex token;
    std::vector<std::string> allowed;  // alternative to the regex
    std::string example;
};

const TokenRule* token_rule(const std::string& field) {
    static const std::map<std::string, TokenRule> rules = {
        {"site_url", {std::regex(R"(^https?://[^|\s]*$)"), {}, "https://..."}},
        {"activite_code", {std::regex(R"(^[A-Z]\d\d\.\d\d[A-Z]$)"), {}, "B05.10Z"}},
        {"proprio_type", {std::regex(R"(^[A-Z]\d[a-z]$)"), {}, "P4a"}},
        {"unite_fonciere_refcad", {std::regex(R"(^[0-9A-B]{2}\d{6}[0-9A-Z]{2}\d{4}$)"), {}, "12083000AH0035"}},
        {"terr_refcad", {std::regex(R"(^\d{8}[0-9A-Z]{2}\d{4}$)"), {}, "80024000ZO0030"}},
        {"bati_type",
         {std::regex(), {"industriel", "commercial", "résidentiel", "secteur tertiaire", "inconnu", "autre", "sans objet"}, ""}},
        {"proprio_personne",
         {std::regex(), {"personne physique", "personne morale", "inconnu", "autre", "sans objet"}, ""}},
    };
    auto it = rules.find(field);
    return it == rules.end() ? nullptr : &it->second;
}

// Value lists of the Sites Économiques standard text (§3.5) that schema v1.0.1 leaves free.
const std::vector<std::string>* standard_list(const std::string& field) {
    static const std::map<std::string, std::vector<std::string>> lists = {
        {"site_type",
         {"zone d'activité économique", "site économique historique hors ZAE", "établissement économique isolé",
          "zone AU à vocation économique"}},
        {"site_etat", {"en projet", "création", "existant et actif", "projet de déclassement", "déclassé"}},
        {"site_vocadomi",
         {"industrielle", "commerciale", "tertiaire", "artisanale", "touristique", "portuaire",
          "aéroportuaire, aéronautique", "entrepôts, logistique", "logistique agricole", "mixte"}},
        {"site_moa_type",
         {"commune", "epci", "société d'économie mixte", "chambre de commerce et industrie", "Etat", "privé"}},
        {"terr_stade_amngt",
         {"non aménageable", "non aménagé, non viabilisé", "viabilisation en cours", "viabilisé non aménagé",
          "viabilisé et aménagé"}},
        {"terr_stade_comm",
         {"non commercialisé", "non commercialisable", "en vente", "en vente avec contraintes",
          "vendu, commercialisation achevée", "réservé par option de réservation",
          "réservé par une délibération de l'EPCI"}},
        {"terr_etat_occup", {"inoccupé", "occupé", "occupation transitoire", "vacant", "friche"}},
        {"geocodage_qualite", {"non localisé", "commune", "lieu-dit", "rue", "plaque adresse", "parcelle", "bâtiment"}},
    };
    auto it = lists.find(field);
    return it == lists.end() ? nullptr : &it->second;
}

void check_value(const Field& f, const std::string& v, const Row& row, Report& r) {
    if (f.type == "integer" && !std::regex_match(v, std::regex(R"(^-?\d+$)"))) {
        add(r, &row, "value.type", Severity::error, f.name, v, f.name + " must be an integer",
            "write digits only, without unit, space or decimal part");
        return;
    }
    if (f.type == "number" && !std::regex_match(v, std::regex(R"(^-?\d+(\.\d+)?$)"))) {
        add(r, &row, "value.type", Severity::error, f.name, v, f.name + " must be a number",
            v.find(',') != std::string::npos ? "use a point as decimal separator" : "write a number, without unit");
        return;
    }
    if (f.type == "date" && f.format == "%Y" && !valid_year(v)) {
        add(r, &row, "value.type", Severity::error, f.name, v, f.name + " must be a year (YYYY)",
            v.size() >= 4 && valid_year(v.substr(0, 4)) ? "write \"" + v.substr(0, 4) + "\"" : "write a 4-digit year");
        return;
    }
    if (f.type == "date" && f.format != "%Y" && !valid_date(v)) {
        std::string fix = "write an ISO date YYYY-MM-DD";
        std::smatch m;
        if (std::regex_match(v, m, std::regex(R"(^(\d{2})/(\d{2})/(\d{4})$)"))) {
            fix = "write \"" + m[3].str() + "-" + m[2].str() + "-" + m[1].str() + "\"";
        }
        add(r, &row, "value.type", Severity::error, f.name, v, f.name + " must be an existing date (YYYY-MM-DD)", fix);
        return;
    }
    if (!f.enumeration.empty() && std::find(f.enumeration.begin(), f.enumeration.end(), v) == f.enumeration.end()) {
        const std::string close = suggestion(f.enumeration, v);
        add(r, &row, "value.enum", Severity::error, f.name, v, "\"" + v + "\" is not a value of " + f.name,
            close.empty() ? "use one of " + list(f.enumeration) : "write exactly \"" + close + "\"");
        return;
    }
    if (const auto* allowed = f.enumeration.empty() ? standard_list(f.name) : nullptr;
        allowed != nullptr && std::find(allowed->begin(), allowed->end(), v) == allowed->end()) {
        const std::string close = suggestion(*allowed, v);
        add(r, &row, "value.standard_list", Severity::warning, f.name, v,
            "\"" + v + "\" is not in the standard's list for " + f.name,
            close.empty() ? "use one of " + list(*allowed) : "write exactly \"" + close + "\"");
        return;
    }
    if (const TokenRule* t = token_rule(f.name)) {
        std::size_t start = 0;
        for (int n = 1;; ++n) {
            const auto end = v.find('|', start);
            const std::string token = v.substr(start, end == std::string::npos ? std::string::npos : end - start);
            const bool ok = t->allowed.empty()
                                ? std::regex_match(token, t->token)
                                : std::find(t->allowed.begin(), t->allowed.end(), token) != t->allowed.end();
            if (!ok) {
                add(r, &row, "value.pattern", Severity::error, f.name, v,
                    "token " + std::to_string(n) + " \"" + token + "\" of " + f.name + " is not valid",
                    t->allowed.empty() ? "each token must look like " + t->example + ", separated by |"
                                       : "each token must be one of " + list(t->allowed) + ", separated by |");
                return;
            }
            if (end == std::string::npos) break;
            start = end + 1;
        }
        return;
    }
    if (!f.pattern.empty()) {
        bool ok = true;
        try {
            ok = std::regex_match(v, std::regex(f.pattern));
        } catch (const std::regex_error&) {
            ok = true;  // a pattern std::regex cannot compile is not the data's fault
        }
        if (!ok) {
            add(r, &row, "value.pattern", Severity::error, f.name, v, f.name + " does not match " + f.pattern,
                f.name == "desserte_distance" ? "write three integers in km, road|rail|waterway, e.g. 2|6|46"
                                              : "correct the value to the expected form");
        }
    }
}

bool luhn(const std::string& digits) {
    int sum = 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        int d = digits[digits.size() - 1 - i] - '0';
        if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
    }
    return sum % 10 == 0;
}

void check_row_rules(const TableSchema& s, const Row& row, Report& r) {
    auto present = [&](const char* f) { return !row.get(f).empty(); };
    if (s.standard == Standard::friches) {
        if (present("site_identif_date") && present("site_actu_date") && valid_date(row.get("site_identif_date")) &&
            valid_date(row.get("site_actu_date")) && row.get("site_identif_date") > row.get("site_actu_date")) {
            add(r, &row, "row.date_order", Severity::error, "site_identif_date", row.get("site_identif_date"),
                "identified on " + row.get("site_identif_date") + ", after its last update " + row.get("site_actu_date"),
                "site_actu_date must be on or after site_identif_date");
        }
        if (present("local_ancien_annee") && present("local_recent_annee") && valid_year(row.get("local_ancien_annee")) &&
            valid_year(row.get("local_recent_annee")) && row.get("local_ancien_annee") > row.get("local_recent_annee")) {
            add(r, &row, "row.year_order", Severity::error, "local_ancien_annee", row.get("local_ancien_annee"),
                "oldest building " + row.get("local_ancien_annee") + " is after the most recent " +
                    row.get("local_recent_annee"),
                "swap the two years, or correct them");
        }
        if (present("site_id") && present("comm_insee") && row.get("site_id").rfind(row.get("comm_insee") + "_", 0) != 0) {
            add(r, &row, "row.id_prefix", Severity::error, "site_id", row.get("site_id"),
                "site_id does not start with the commune code " + row.get("comm_insee") + "_",
                "form site_id as <comm_insee>_<technical id> (standard §4.2)");
        }
        return;
    }
    // Sites Économiques: ids <INSEE>_<CLASSE>_<id>, SIRET keys, surfaces in hectares.
    static const std::vector<std::pair<const char*, const char*>> ids = {
        {"pole_id", "POLE-ECO"}, {"site_id", "SITE-ECO"}, {"terr_id", "TERRAIN-ECO"}};
    for (const auto& [field, cls] : ids) {
        if (!s.field(field)) continue;
        const std::string& v = row.get(field);
        if (v.empty()) continue;
        const std::regex id(std::string(R"(^[0-9][0-9AB][0-9]{3}_)") + cls + R"(_[0-9]+$)");
        std::size_t start = 0;
        for (;;) {  // terr_id of an establishment is a pipe list
            const auto end = v.find('|', start);
            const std::string token = v.substr(start, end == std::string::npos ? std::string::npos : end - start);
            if (!std::regex_match(token, id)) {
                add(r, &row, "row.id_format", Severity::error, field, v, "\"" + token + "\" is not an id " + cls,
                    std::string("write <INSEE>_") + cls + "_<number>, e.g. 44003_" + cls + "_00001, without spaces");
                break;
            }
            if (end == std::string::npos) break;
            start = end + 1;
        }
    }
    if (s.standard == Standard::etablissement) {
        const std::string& siret = row.get("SIRET");
        const std::string& siren = row.get("SIREN");
        const bool digits = std::regex_match(siret, std::regex(R"(^\d{14}$)"));
        // La Poste's establishments (SIREN 356000000) use a different key: sum of digits % 5.
        const bool key_ok = digits && (siret.rfind("356000000", 0) == 0 ? true : luhn(siret));
        if (!siret.empty() && !key_ok) {
            add(r, &row, "row.siret", Severity::error, "SIRET", siret,
                digits ? "SIRET check digit is wrong (Luhn)" : "SIRET must be 14 digits",
                "copy the SIRET from the SIRENE base");
        } else if (!siret.empty() && !siren.empty() && siret.substr(0, 9) != siren) {
            add(r, &row, "row.siret", Severity::error, "SIREN", siren, "SIRET " + siret + " does not begin with SIREN " + siren,
                "SIREN is the first 9 digits of the SIRET");
        }
    }
    for (const auto& f : s.fields) {
        if (f.type != "number" || f.name.find("surf") == std::string::npos) continue;
        const std::string& v = row.get(f.name);
        if (v.empty() || !std::regex_match(v, std::regex(R"(^-?\d+(\.\d+)?$)"))) continue;
        const double ha = std::stod(v);
        if (ha < 0 || ha > 5000) {
            add(r, &row, "row.surface", Severity::warning, f.name, v,
                f.name + " = " + v + " ha is " + (ha < 0 ? "negative" : "above 5 000 ha"),
                "surfaces are in hectares: check the unit (m² / 10 000)");
        }
    }
}

}  // namespace

Report validate(const std::string& path, const ValidateOptions& options) {
    Report r;
    r.path = path;
    r.dialect = sniff(path);
    io::LayerData data = io::read_layer(path);
    // The standards' files are UTF-8: read_layer decoded what was not (as Windows-1252).
    for (const io::TextReport& t : data.text) {
        if (t.recoded > 0) {
            r.dialect.encoding = "not UTF-8 (read as " + t.recoded_from + ")";
            // The first value concerned: its line, as the rows below number them.
            detail::Row first;
            if (t.example_feature < data.features.size()) {
                first.line = r.dialect.csv ? static_cast<std::size_t>(data.features[t.example_feature].fid) + 1
                                           : t.example_feature + 1;
            }
            add(r, first.line > 0 ? &first : nullptr, "file.encoding", Severity::error, t.example_field, t.example_value,
                std::to_string(t.recoded) + " value" + (t.recoded == 1 ? " is" : "s are") +
                    " not valid UTF-8 (the first shown here, read as " + t.recoded_from + ")",
                "save the file as UTF-8 (a spreadsheet's \"CSV UTF-8\" format, or iconv -f WINDOWS-1252 -t UTF-8)");
        }
        if (t.nul_count > 0) {
            std::string lines;
            for (const std::size_t l : t.nul_lines) lines += (lines.empty() ? "" : ", ") + std::to_string(l);
            add(r, nullptr, "file.encoding", Severity::error, "", "",
                std::to_string(t.nul_count) + " NUL character" + (t.nul_count == 1 ? "" : "s") + " (line " + lines +
                    "): the text after each is lost",
                "remove the NUL characters (tr -d '\\000' < in > out)");
        }
    }

    // Legacy Cartofriches names are recognised (and reported), not rejected outright.
    std::map<std::string, std::string> rename;
    for (const auto& [legacy, name] : friches_legacy_names()) rename[legacy] = name;
    std::vector<std::string> columns;
    for (const auto& c : data.fields) columns.push_back(c);

    const auto standard = options.standard ? options.standard : guess_standard(columns);
    if (!standard) {
        throw ConfigError("'" + path + "' does not look like a CNIG table (too few of any standard's required "
                          "columns); name the standard with --standard friches|site-eco|terrain-eco|etablissement|pole-eco");
    }
    const TableSchema& s = schema(*standard);
    r.standard = *standard;
    r.version = s.version;

    // GeoPackage, GeoJSON, Shapefile: the layer's own geometry stands for geompoint / geomsurf.
    const bool layer_geometry = std::any_of(data.features.begin(), data.features.end(),
                                            [](const io::Feature& f) { return !f.geometry.is_null(); });
    std::string geometry_column;
    if (*standard == Standard::friches && layer_geometry &&
        std::find(columns.begin(), columns.end(), "geompoint") == columns.end()) {
        const bool polygons = std::any_of(data.features.begin(), data.features.end(), [](const io::Feature& f) {
            return !f.geometry.is_null() && f.geometry.kind() == geom::GeometryKind::polygon;
        });
        geometry_column = polygons ? "geomsurf" : "geompoint";
        columns.push_back(geometry_column);
        if (polygons) columns.push_back("geompoint");
    }
    std::set<std::string> present(columns.begin(), columns.end());
    if (!geometry_column.empty()) {
        add(r, nullptr, "header.layer_geometry", Severity::info, geometry_column, "",
            "no geompoint column: the layer's geometry is checked as " + geometry_column,
            "a CNIG CSV carries the geometry as WKT in geompoint (and geomsurf)");
    }
    for (const auto& c : columns) {
        if (s.field(c) != nullptr) continue;
        auto it = rename.find(c);
        const bool legacy = *standard == Standard::friches && it != rename.end();
        add(r, nullptr, "header.unknown_column", Severity::warning, c, "",
            "column \"" + c + "\" is not in the standard",
            legacy ? "rename it \"" + it->second + "\" (Cartofriches v1 name)" : "remove it, or keep it outside the CNIG file");
    }
    for (const auto& f : s.fields) {
        if (present.contains(f.name)) continue;
        if (f.name == "urba_zaer") {
            add(r, nullptr, "header.urba_zaer_missing", Severity::error, f.name, "",
                "the column urba_zaer is absent (required since schema v1.0.6, December 2025)",
                "add the column urba_zaer with the value \"inconnu\" on every row, or oui / non where known");
        } else {
            add(r, nullptr, "header.missing_column", f.required ? Severity::error : Severity::warning, f.name, "",
                "the column " + f.name + " (" + f.title + ") is absent",
                f.required ? "add it: it is required" : "add it (empty values are allowed)");
        }
    }

    // Rows. GDAL numbers CSV features from 1: the line is fid + 1 (header on line 1). Other
    // formats have no lines: the number is the feature's position, from 1.
    std::vector<Row> rows;
    std::map<std::string, std::size_t> first_line;
    for (const auto& feature : data.features) {
        Row row;
        row.line = r.dialect.csv ? static_cast<std::size_t>(feature.fid) + 1 : rows.size() + 1;
        for (const auto& [k, v] : feature.attributes) row.values[k] = to_text(v);
        if (!geometry_column.empty() && !feature.geometry.is_null()) {
            row.values[geometry_column] = feature.geometry.to_wkt(8);
            if (geometry_column == "geomsurf") row.values["geompoint"] = feature.geometry.point_on_surface().to_wkt(8);
        }
        row.id = s.primary_key.empty() ? "" : row.get(s.primary_key);
        rows.push_back(std::move(row));
    }
    r.rows = rows.size();
    for (const auto& row : rows) {
        for (const auto& f : s.fields) {
            if (!present.contains(f.name)) continue;
            const std::string& v = row.get(f.name);
            const bool missing = std::find(s.missing_values.begin(), s.missing_values.end(), v) != s.missing_values.end();
            if (missing) {
                if (f.required) {
                    add(r, &row, "value.required", Severity::error, f.name, v, f.name + " is required and empty",
                        f.enumeration.empty() ? "fill it" : "fill it; when unknown write \"inconnu\"" );
                }
                continue;
            }
            if (f.type == "geojson" || f.type == "geopoint" || f.name == "geompoint" || f.name == "geomsurf") continue;
            check_value(f, v, row, r);
        }
        check_row_rules(s, row, r);
        if (!row.id.empty()) {
            auto [it, inserted] = first_line.emplace(row.id, row.line);
            if (!inserted) {
                add(r, &row, "table.duplicate_id", Severity::error, s.primary_key, row.id,
                    "id " + row.id + " already used on line " + std::to_string(it->second),
                    "ids must be unique and perennial: give this row its own id");
            }
        }
    }
    detail::check_geometries(s, rows, options, r);
    std::stable_sort(r.problems.begin(), r.problems.end(),
                     [](const Problem& a, const Problem& b) { return a.line < b.line; });
    return r;
}

}  // namespace foncier::cnig
