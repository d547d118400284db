handbookSearchLoaded("terms/in",{"index":[14,4]});
