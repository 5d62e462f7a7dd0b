#pragma once
// yaml-cpp's exceptions in MaskLab's words: "operator[] call on a scalar" or "bad conversion"
// tell a user nothing about their file.

#include <QString>

namespace YAML {
class Exception;
}

namespace masklab {

// What is wrong, without the line.
QString yamlErrorReason(const YAML::Exception &error);
// The 1-based line; 0 when yaml-cpp does not know it.
int yamlErrorLine(const YAML::Exception &error);
// "line N: <what is wrong>" (without the line when it is not known).
QString describeYamlError(const YAML::Exception &error);

} // namespace masklab
