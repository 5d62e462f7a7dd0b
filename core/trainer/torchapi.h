#pragma once
// The one way MaskLab includes LibTorch. Qt's `slots` macro breaks ATen's headers when a Qt
// header came first, so it is set aside around the include. Only files of this folder include
// this header, and never a Q_OBJECT header (torch would be compiled by moc too).

#pragma push_macro("slots")
#undef slots
#include <torch/torch.h>
#pragma pop_macro("slots")
