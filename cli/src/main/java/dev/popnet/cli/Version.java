package dev.popnet.cli;

import picocli.CommandLine;

/** Reads the version Maven wrote into the jar manifest. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Popnet.class.getPackage().getImplementationVersion();
        return new String[] {"popnet " + (v == null ? "(development build)" : v)};
    }
}
