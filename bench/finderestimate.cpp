// The error finder's time before it starts against the time it takes, as the Suspects tab shows
// both ("5 folds to train: about 18 min", then "took 21 min, planned 18 min").
//
//   finderestimate CONFIG DATASET WORKSPACE FOLDS EPOCHS
//
// Plans the run (planErrorFinder: the pace of an earlier run of the model in WORKSPACE, or a
// few batches timed now), then runs it (findErrors) and prints one line: folds, epochs, the
// plan and where its pace came from, the actual wall time, actual / planned, and where the time
// went (hashing photos before the folds, each fold's training). Use an empty WORKSPACE for a
// plan without earlier runs; nothing is reused from earlier finder runs there.

#include "errorfinder.h"
#include "trainconfig.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <cstdio>

using namespace masklab;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 6) {
        std::fprintf(stderr, "usage: finderestimate CONFIG DATASET WORKSPACE FOLDS EPOCHS\n");
        return 2;
    }
    QFile file(args[1]);
    QString error;
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "%s: cannot read\n", qPrintable(args[1]));
        return 2;
    }
    std::optional<TrainConfig> config = parseTrainConfig(file.readAll(), args[1], &error);
    if (!config) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    trainer::FinderOptions options;
    options.config = *config;
    options.config.data.dataset = args[2];
    options.config.data.workspace = args[3];
    options.folds = args[4].toInt();
    options.config.train.epochs = args[5].toInt();

    QElapsedTimer clock;
    clock.start();
    const trainer::FinderPlan plan = trainer::planErrorFinder(options);
    const double planning = clock.elapsed() / 1000.0;
    if (!plan.ok || !plan.seconds) {
        std::fprintf(stderr, "no plan: %s\n", qPrintable(plan.error));
        return 1;
    }
    clock.restart();
    double hashing = -1;
    QStringList folds;
    QElapsedTimer foldClock;
    const trainer::FinderOutcome outcome =
        trainer::findErrors(options, [&](const trainer::FinderEvent &e) {
            using Kind = trainer::FinderEvent::Kind;
            if (e.kind == Kind::FoldStarted) {
                if (hashing < 0)
                    hashing = clock.elapsed() / 1000.0;
                if (foldClock.isValid())
                    folds << QString::number(foldClock.elapsed() / 1000.0, 'f', 0);
                foldClock.start();
            }
        });
    const double actual = clock.elapsed() / 1000.0;
    if (foldClock.isValid())
        folds << QString::number(foldClock.elapsed() / 1000.0, 'f', 0);
    if (!outcome.ok) {
        std::fprintf(stderr, "the finder failed: %s\n", qPrintable(outcome.error));
        return 1;
    }
    std::printf("folds %d  epochs %d  planned %.0f s (%s; planning took %.0f s)  actual %.0f s  "
                "actual/planned %.2f  (before the folds %.0f s; folds %s s)\n",
                options.folds, options.config.train.epochs, *plan.seconds,
                qPrintable(plan.paceSource), planning, actual, actual / *plan.seconds, hashing,
                qPrintable(folds.join(u' ')));
    return 0;
}
