#pragma once
// Where the model looks, for the Suspects tab: with the toggle on (H), Grad-CAM for the head a
// suspect is about (gender, age group or mask) on each photo the view shows, computed on a
// worker thread by the finder's fold model that held the person out, the same model whose
// probabilities made the suspect. The view then draws those photos with the heat over them.

#include "suspect.h"

#include <QFutureWatcher>
#include <QHash>
#include <QImage>
#include <QObject>

class QCheckBox;

namespace masklab::ui {

class SuspectHeat : public QObject
{
    Q_OBJECT
public:
    // toggle: the panel's check box (H) that turns the heat on and off.
    SuspectHeat(QCheckBox *toggle, QObject *parent);
    ~SuspectHeat() override;

    // The finder run the suspects come from (its folds.csv and fold-K folders).
    void setFinderRun(const QString &dir) { m_runDir = dir; }
    // The suspect shown and its photos (absolute paths); computes when the toggle is on.
    void setSuspect(const std::optional<finder::Suspect> &suspect, const QStringList &photos);
    // Photo path -> the photo with the heat over it; empty while off or computing.
    const QHash<QString, QImage> &overlays() const { return m_overlays; }
    QString note() const { return m_note; } // which model, or why there is no heat
    bool isComputing() const { return m_watcher.isRunning(); }

signals:
    void changed();

private:
    struct Result
    {
        QString key;
        QHash<QString, QImage> overlays;
        QString note;
    };
    void request();
    void onDone();
    QString key() const;

    QCheckBox *m_toggle;
    QString m_runDir;
    std::optional<finder::Suspect> m_suspect;
    QStringList m_photos;
    QHash<QString, QImage> m_overlays;
    QString m_overlaysKey;
    QString m_note;
    QFutureWatcher<Result> m_watcher;
};

} // namespace masklab::ui
