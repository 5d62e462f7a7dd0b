#include "yamlerror.h"

#include <yaml-cpp/yaml.h>

namespace masklab {

QString yamlErrorReason(const YAML::Exception &error)
{
    QString what;
    if (dynamic_cast<const YAML::ParserException *>(&error))
        what = QStringLiteral("not valid YAML (%1)").arg(QString::fromStdString(error.msg));
    else if (dynamic_cast<const YAML::BadConversion *>(&error))
        what = QStringLiteral("a value of the wrong kind: expected a single number or text, not a "
                              "list, a map or something else");
    else if (dynamic_cast<const YAML::InvalidNode *>(&error) ||
             dynamic_cast<const YAML::BadSubscript *>(&error))
        what = QStringLiteral("expected a map of key: value entries here");
    else
        what = QString::fromStdString(error.msg);
    return what;
}

int yamlErrorLine(const YAML::Exception &error)
{
    return error.mark.is_null() ? 0 : error.mark.line + 1;
}

QString describeYamlError(const YAML::Exception &error)
{
    const int line = yamlErrorLine(error);
    return line > 0 ? QStringLiteral("line %1: %2").arg(line).arg(yamlErrorReason(error))
                    : yamlErrorReason(error);
}

} // namespace masklab
