// The image header reader of every scan (format, size, end marker; no decoding).
#include "fuzzinput.h"
#include "imageheader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)masklab::readImageHeader(masklab::fuzz::asFile(data, size, "photo.jpg"));
    return 0;
}
