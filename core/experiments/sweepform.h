#pragma once
// The sweep page's fields and the sweep file they make: a row per varied key (a list of values,
// or a range), grid or random, the early-stopping rule and the folds. The file is what
// masklab-cli sweep reads, so the page and the command line run the same sweep; each row's
// line is known, so a problem the sweep file's checks report can be shown at its row.

#include <QByteArray>
#include <QString>

#include <vector>

namespace masklab {

struct SweepFormRow
{
    QString key;              // a config key, "optimizer.lr"
    QString values;           // "0.001, 0.003": a list of values; empty: the range below
    QString low, high, count; // a range (count empty: drawn, for random search)
    bool log = false;
};

struct SweepForm
{
    QString name;
    std::vector<SweepFormRow> rows; // rows without a key are left out
    bool random = false;
    int runs = 8; // random: how many draws
    int seed = 1;
    bool earlyStop = false;
    QString rungs; // "4, 10"
    double keep = 1.0 / 3;
    int folds = 0; // 0: one run a point
};

// The sweep file, with `base: baseFile` when baseFile is not empty. rowLines (when given) gets
// the line of each row of form.rows in the file, 0 for a row left out.
QByteArray sweepFileText(const SweepForm &form, const QString &baseFile,
                         std::vector<int> *rowLines = nullptr);

} // namespace masklab
