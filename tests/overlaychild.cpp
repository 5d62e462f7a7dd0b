// Test helper for tst_overlaycrash: applies scripted edits one by one, saving the overlay after
// each and printing "ack N" only once the save returned - as the GUI acknowledges an edit.

#include "overlayscript.h"
#include "workspace.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 4)
        return 2;
    const masklab::Workspace workspace(args[1], args[2]);
    const int count = args[3].toInt();
    masklab::LabelOverlay overlay;
    for (int i = 0; i < count; ++i) {
        masklab::test::applyScriptedEdit(overlay, i);
        QString error;
        if (!workspace.saveOverlay(overlay, &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        std::printf("ack %d\n", i + 1);
        std::fflush(stdout);
    }
    return 0;
}
