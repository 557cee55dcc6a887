namespace nianbao::app {}
