// Package input reads what a user points rolemap at — a pool document, a
// deployment document (a pool document with its roles' trust policies and
// its user pools, as rolemap import writes it), a CloudFormation template
// (JSON, or a format a reader registered with package iac, such as YAML),
// or a Terraform plan or state (terraform show -json) — into the pools it
// defines and the deployment of each, ready for the engines.
//
// A [Loader] holds what every input of a run shares: the kind the user
// forced (or [Auto]), the bindings for what a template cannot know, and
// the files of trust policies and user pools that complete a deployment
// (the command's --roles and --user-pool). [Loader.Load] reads one file:
//
//   - only a regular file, through a size limit checked before a byte is
//     decoded (package internal/readfile): a folder, a named pipe, a device
//     such as /dev/zero or a socket is refused with an error that says
//     what to do instead, never a stall;
//   - once: the file is read once and decoded once for what it is and
//     its pools, and the files of the Loader are read once per run however
//     many inputs they complete;
//   - into a [Loaded]: its pools (by name, for a template that defines
//     several), the [credentials.Deployment] of each
//     ([Loaded.Deployment]: the file's trust policies and user pools, then
//     the Loader's, which win), the provenance of a template's values
//     (Result: bindings used, placeholders, inferred values), and the
//     placement of any path of a pool in the file as written
//     ([Loaded.Lint], [Loaded.OriginPath], [Loaded.Places]).
//
// Terraform configuration (a .tf file, standing for its folder, or a
// folder holding *.tf) is read by the reader registered with package iac
// (a program that imports rolemap/iac/tfconfig, as the rolemap command
// does); with none registered, the error says how to get a plan as JSON.
// A file of any other shape is an error that names the kinds read and the
// flag that forces one.
//
// [Expand] turns a command's arguments into the inputs to read: a pattern
// the shell left quoted is expanded, and a folder is walked ([Walk]) for
// the inputs under it, never entering dependency or build folders
// (node_modules, vendor, dot-folders such as .git and .terraform, a cloud
// assembly's asset.* folders, and cdk.out's manifests). A folder holding
// *.tf, named or found by the walk, is one input: its sub-folders are not
// walked (they are usually its local modules). A folder of Terraform
// configuration found with no reader registered is skipped, saying how to
// get a plan.
//
// Every error is an [*Error]: the file it is about and one line per
// problem, each naming the file and, where it can, the line and column.
package input
