// The relabel overlay reader (overlay.yaml, edited by hand or damaged).
#include "fuzzinput.h"
#include "labeloverlay.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QString error;
    const auto overlay = masklab::LabelOverlay::fromYaml(masklab::fuzz::bytes(data, size), &error);
    if (overlay) // what was read writes back
        (void)overlay->toYaml(QStringLiteral("/data"));
    return 0;
}
