// The workspace settings reader (settings.yaml: the age groups).
#include "fuzzinput.h"
#include "workspace.h"

#include <QFileInfo>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString path = masklab::fuzz::asFile(data, size, "settings.yaml");
    const masklab::Workspace workspace(QFileInfo(path).absolutePath(), QStringLiteral("/data"));
    QString error;
    (void)workspace.loadThresholds(&error);
    return 0;
}
