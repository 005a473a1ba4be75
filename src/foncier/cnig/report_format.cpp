#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "foncier/cnig/validator.hpp"

namespace foncier::cnig {

std::string format_text(const Report& r) {
    std::ostringstream out;
    out << r.path << ": CNIG " << to_string(r.standard) << " " << r.version << ", " << r.rows << " row"
        << (r.rows == 1 ? "" : "s") << "\n";
    if (r.dialect.csv) {
        out << "dialect: " << r.dialect.encoding << " " << (r.dialect.bom ? "with" : "without") << " BOM, separator '"
            << (r.dialect.separator == '\t' ? std::string("\\t") : std::string(1, r.dialect.separator)) << "', "
            << r.dialect.line_ending << " line ends\n";
    }
    const std::size_t errors = r.count(Severity::error);
    const std::size_t warnings = r.count(Severity::warning);
    out << (r.valid() ? "valid" : "NOT VALID") << " (" << errors << " error" << (errors == 1 ? "" : "s") << ", "
        << warnings << " warning" << (warnings == 1 ? "" : "s") << ")\n";
    // Grouped by rule, in the order of rules(), errors first.
    for (const Severity severity : {Severity::error, Severity::warning, Severity::info}) {
        for (const auto& [rule, description] : rules()) {
            std::vector<const Problem*> group;
            for (const auto& p : r.problems) {
                if (p.rule == rule && p.severity == severity) group.push_back(&p);
            }
            if (group.empty()) continue;
            out << "\n" << to_string(severity) << " " << rule << ": " << description << " (" << group.size() << ")\n";
            for (const Problem* p : group) {
                const char* unit = r.dialect.csv ? "line " : "feature ";
                out << "  " << (p->line ? unit + std::to_string(p->line) : std::string("file"));
                if (!p->field.empty()) out << ", " << p->field;
                if (!p->value.empty()) out << " = \"" << p->value << "\"";
                out << ": " << p->message << "\n    fix: " << p->fix << "\n";
            }
        }
    }
    return out.str();
}

std::string format_json(const Report& r) {
    nlohmann::ordered_json j;
    j["path"] = r.path;
    j["standard"] = to_string(r.standard);
    j["version"] = r.version;
    j["rows"] = r.rows;
    if (r.dialect.csv) {
        j["dialect"] = {{"encoding", r.dialect.encoding},
                        {"bom", r.dialect.bom},
                        {"separator", std::string(1, r.dialect.separator)},
                        {"line_ending", r.dialect.line_ending}};
    }
    j["valid"] = r.valid();
    j["errors"] = r.count(Severity::error);
    j["warnings"] = r.count(Severity::warning);
    nlohmann::ordered_json problems = nlohmann::ordered_json::array();
    for (const auto& p : r.problems) {
        problems.push_back({{"rule", p.rule},
                            {"severity", to_string(p.severity)},
                            {"line", p.line},
                            {"id", p.row_id},
                            {"field", p.field},
                            {"value", p.value},
                            {"message", p.message},
                            {"fix", p.fix}});
    }
    j["problems"] = problems;
    // A value quoted from a file that is not UTF-8 (Windows-1252 CSV): replaced by U+FFFD, so
    // the report stays valid JSON (nlohmann's default throws; found by fuzz_cnig).
    return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace foncier::cnig
