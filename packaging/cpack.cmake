# The Debian package: `cpack -G DEB` in the build folder (packaging/build-deb.sh) writes
# masklab_<version>_amd64.deb with Depends computed from the binaries by dpkg-shlibdeps.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME masklab)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON) # the build is RelWithDebInfo; the package carries no debug info
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "workbench for face-mask image classification")
# The extended description; CPack puts the summary above it and indents each line.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "MaskLab classifies face photos into 18 classes: mask (worn, incorrectly worn,
none), gender and age group, scored by macro F1. Open a dataset folder to
browse every person as a row of seven photos and relabel with undo, explore
the labels in charts, train LibTorch classifiers (ResNet, EfficientNet,
MobileNet, ImageNet weights by name) with live curves, find suspected
mislabels, and predict and compare submissions.
.
masklab-cli runs every job headless, e.g. on a GPU server.")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "MaskLab developers <masklab@example.org>")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${MASKLAB_HOMEPAGE})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded at run time, so dpkg-shlibdeps cannot see them: Qt's platform plugins (xcb) for the
# window; CA certificates for downloading ImageNet weights over https.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ca-certificates")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

install(FILES ${PROJECT_SOURCE_DIR}/packaging/deb/copyright
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/masklab)
# Debian's changelog, compressed reproducibly (no name or time in the gzip header).
add_custom_command(
    OUTPUT ${PROJECT_BINARY_DIR}/changelog.gz
    COMMAND gzip -n -9 -c ${PROJECT_SOURCE_DIR}/packaging/deb/changelog > ${PROJECT_BINARY_DIR}/changelog.gz
    DEPENDS ${PROJECT_SOURCE_DIR}/packaging/deb/changelog)
add_custom_target(masklab_changelog ALL DEPENDS ${PROJECT_BINARY_DIR}/changelog.gz)
install(FILES ${PROJECT_BINARY_DIR}/changelog.gz DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/masklab)

include(CPack)
