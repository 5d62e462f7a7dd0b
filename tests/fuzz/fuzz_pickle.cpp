// The weights unpickler on arbitrary programs; storages are zeros of the asked size (bounded,
// as readStateDict bounds them by the file's records).
#include "picklereader.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace masklab::trainer;
    const std::string program(reinterpret_cast<const char *>(data), size);
    try {
        unpickle(program, [](const std::string &, c10::ScalarType dtype, int64_t numel) {
            if (numel < 0 || numel > 4096)
                throw std::runtime_error("storage size out of range");
            return torch::zeros({numel}, torch::TensorOptions(dtype));
        });
    } catch (const std::runtime_error &) { // a refusal, with its reason
    }
    return 0;
}
