namespace nianbao::parser {}
