/* SPDX-License-Identifier: Apache-2.0 */
/*
 * embed.c - the smallest program that embeds libarazzo: it validates the
 * files named on its command line and prints the diagnostics, exactly as
 * `arazzo validate` does. Build it against an installed arazzo with
 *
 *   cc embed.c $(pkg-config --cflags --libs arazzo) -o embed
 */
#include <stdio.h>

#include <arazzo/core.h>
#include <arazzo/engine.h>

int main(int argc, char **argv)
{
    az_diags *diags = az_diags_new();
    az_render_opts opts = {az_color_wanted(stdout)};
    int status = 0;

    if (!diags)
        return 4;
    printf("libarazzo %s\n", az_version());
    for (int i = 1; i < argc; i++) {
        if (az_validate_file(argv[i], NULL, diags) != AZ_OK)
            status = 3;
        else
            printf("%s: ok\n", argv[i]);
    }
    az_diags_render_text(diags, stdout, &opts);
    az_diags_free(diags);
    return status;
}
