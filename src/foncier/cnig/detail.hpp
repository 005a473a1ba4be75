#pragma once
// Private to the cnig module: the row representation shared by the validator's rule files.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "foncier/cnig/validator.hpp"

namespace foncier::cnig::detail {

struct Row {
    std::size_t line = 0;
    std::string id;
    std::map<std::string, std::string> values;
    [[nodiscard]] const std::string& get(const std::string& field) const {
        static const std::string empty;
        auto it = values.find(field);
        return it == values.end() ? empty : it->second;
    }
};

void add(Report& r, const Row* row, std::string rule, Severity severity, std::string field, std::string value,
         std::string message, std::string fix);

/// Geometry rules (geom.*): parse, CRS plausibility and axis order, validity, overlaps and
/// duplicates, commune at the location.
void check_geometries(const TableSchema& schema, const std::vector<Row>& rows, const ValidateOptions& options,
                      Report& report);

}  // namespace foncier::cnig::detail
