#include "components.h"

#include <QStringList>

#include <opencv2/core/version.hpp>

namespace masklab {

std::vector<Component> coreComponents()
{
    return {
        // Debian's Qt is offered under LGPL-3.0 (or GPL); MaskLab as a whole is GPL-3.0.
        {QStringLiteral("Qt"), QString::fromLatin1(qVersion()), QStringLiteral("LGPL-3.0-only")},
        {QStringLiteral("OpenCV"), QStringLiteral(CV_VERSION), QStringLiteral("Apache-2.0")},
        {QStringLiteral("yaml-cpp"), QStringLiteral(MASKLAB_YAML_CPP_VERSION),
         QStringLiteral("MIT")},
    };
}

QString describeComponents(const std::vector<Component> &components)
{
    QStringList parts;
    for (const Component &c : components)
        parts << QStringLiteral("%1 %2 (%3)").arg(c.name, c.version, c.licence);
    return parts.join(QStringLiteral(", "));
}

} // namespace masklab
