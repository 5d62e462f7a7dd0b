// The CSV reader (train.csv, info.csv, submissions, fold files, suspect lists).
#include "csvtable.h"
#include "fuzzinput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const masklab::CsvTable table = masklab::parseCsv(masklab::fuzz::bytes(data, size));
    for (const masklab::CsvRecord &record : table.records)
        for (int column = 0; column < int(table.header.size()) + 1; ++column)
            (void)table.field(record, column);
    return 0;
}
