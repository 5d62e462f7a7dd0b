// The training config parser (YAML written by hand, --set values).
#include "fuzzinput.h"
#include "trainconfig.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QString error;
    const auto config = masklab::parseTrainConfig(masklab::fuzz::bytes(data, size),
                                                  QStringLiteral("fuzz.yaml"), &error);
    if (config) // what was read writes back and reads again
        (void)masklab::parseTrainConfig(masklab::trainConfigToYaml(*config),
                                        QStringLiteral("again.yaml"), &error);
    return 0;
}
