#pragma once
// The training configuration as a form: one page per section (data, split, model, loss,
// optimizer, scheduler, train, augment), a widget per key chosen from the key's kind, a preset
// menu and YAML load/save. Every edit is validated at once; a problem is shown under the field
// it belongs to, and the config is only handed out when there is none. A warning (an allowed
// value that is likely a mistake) is shown the same way in amber and blocks nothing.

#include "trainconfig.h"

#include <QMap>
#include <QWidget>

class QComboBox;
class QLabel;
class QTabWidget;

namespace masklab::ui {

class ConfigEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ConfigEditor(QWidget *parent = nullptr);

    void setConfig(const TrainConfig &config);
    // The edited config; valid only when problems() is empty.
    TrainConfig config() const { return m_config; }
    // key -> what is wrong with it
    QMap<QString, QString> problems() const { return m_problems; }
    bool isValid() const { return m_problems.isEmpty(); }
    // key -> why its value deserves a second look (it does not block the run)
    QMap<QString, QString> warnings() const { return m_warnings; }
    QByteArray toYaml() const;
    // Loads a YAML file over the defaults (keeping the dataset when the file names none).
    bool loadYaml(const QByteArray &yaml, const QString &source, QString *error);
    bool loadFile(const QString &path, QString *error); // a YAML file, as loadYaml
    void applyPreset(int index);

    // For tests and the panel: the editing widget of a key, and its problem label.
    QWidget *fieldWidget(const QString &key) const { return m_fields.value(key); }
    QLabel *problemLabel(const QString &key) const { return m_problemLabels.value(key); }
    // Sets a key's text as if typed (the widget shows it and validation runs).
    void setFieldText(const QString &key, const QString &text);

signals:
    void changed();

private:
    QWidget *makeField(const TrainConfigKey &key);
    QString fieldText(const QString &key) const;
    void showValue(const QString &key, const QString &text);
    void revalidate();
    void loadFileDialog();
    void saveFileDialog();

    QComboBox *m_presets;
    QTabWidget *m_pages;
    QLabel *m_summary;
    std::vector<TrainConfigKey> m_keys;
    QMap<QString, QWidget *> m_fields;
    QMap<QString, QLabel *> m_problemLabels;
    QMap<QString, QString> m_problems;
    QMap<QString, QString> m_warnings;
    TrainConfig m_config;
    bool m_updating = false;
};

} // namespace masklab::ui
