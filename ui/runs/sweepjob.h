#pragma once
// A sweep started from the Runs tab: masklab-cli sweep --sweep FILE as a child process (CliJob),
// each point a masklab-cli train of its own. plan() asks masklab-cli for the points and the
// epochs they cost before anything trains, which also checks the file.

#include "clijob.h"

namespace masklab::ui {

class SweepJob : public CliJob
{
    Q_OBJECT
public:
    using CliJob::CliJob;

    // The file's plan (its points, epochs and expected time), or false with masklab-cli's
    // reason (a bad key, value or range, with the file and line).
    static bool plan(const QString &sweepFile, QString *plan, QString *error);
    bool start(const QString &sweepFile, QString *error);
    QString sweepFile() const { return m_file; }

private:
    QString m_file;
};

} // namespace masklab::ui
