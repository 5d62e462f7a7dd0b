#pragma once
// Help > Getting started: the user part of the README (opening a dataset to submitting), built
// into the program so it matches the version at hand and works offline.

#include <QDialog>

namespace masklab::ui {

// The README's sections from "Opening your own dataset" up to (without) "Building by hand".
QString userGuideMarkdown(const QString &readme);

class UserGuideDialog : public QDialog
{
    Q_OBJECT
public:
    explicit UserGuideDialog(QWidget *parent = nullptr);
    QString text() const; // what is shown, as plain text
};

} // namespace masklab::ui
