handbookSearchLoaded("terms/me",{"meant":[5,1],"measure":[8,1],"meet":[2,1]});
