package estimate

import _ "embed"

// LanguageHelp describes the estimate language, for 'napkin help language'.
//
//go:embed language.txt
var LanguageHelp string
