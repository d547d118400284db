handbookSearchLoaded("terms/af",{"after":[2,1]});
